//! Build-time highlighting, one snapshot per language, so a change in how code is coloured
//! is reviewed like any other change to the output.

use statusbook::highlight::highlight;
use statusbook::markdown::code_block;

const HTTP: &str = "POST /v1/orders HTTP/1.1\nHost: api.example.com\nContent-Type: application/json\n\n{\"items\": [{\"sku\": \"BK-1\", \"quantity\": 2}]}\n\nHTTP/1.1 201 Created\nLocation: https://api.example.com/v1/orders/8473\nContent-Length: 0\n";
const JSON: &str = "{\n  \"type\": \"https://api.example.com/problems/conflict\",\n  \"status\": 409,\n  \"retryable\": false,\n  \"detail\": null,\n  \"errors\": [{ \"field\": \"quantity\", \"min\": -1.5e3 }]\n}\n";
const SH: &str = "# Create an order, retrying on 503.\ncurl -i --retry 4 -X POST \\\n  -H \"Authorization: Bearer $API_TOKEN\" \\\n  --data-binary '{\"items\": []}' \\\n  \"${BASE_URL:-https://api.example.com}/v1/orders\" | tee out.txt\nif [ $? -ne 0 ]; then echo failed; fi\n";
const JS: &str = "// Honour Retry-After, in seconds or as a date.\nasync function retryDelay(response, attempt = 1) {\n  const value = response.headers.get(\"Retry-After\");\n  if (value === null) return 500 * 2 ** attempt;\n  const seconds = Number(value);\n  return Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();\n}\n";
const PYTHON: &str = "import time\n\n@retry(times=3)\ndef fetch(session, url: str) -> dict:\n    \"\"\"Gets an order.\"\"\"\n    response = session.get(url, timeout=10)\n    if response.status_code == 503 and True:\n        time.sleep(float(response.headers.get('Retry-After', 1)))\n    return None if response.status_code == 204 else response.json()  # done\n";
const TOML: &str = "# book.toml\n[book]\ntitle = \"Acme API\"\nauthors = ['Platform team']\n\n[output.html]\nsite-url = \"https://docs.acme.test/\"\n\n[[servers]]\nretries = 3\nenabled = true\nsince = 2024-01-02T10:00:00Z\n";

#[test]
fn http() {
    insta::assert_snapshot!(highlight("http", HTTP).unwrap());
}

#[test]
fn json() {
    insta::assert_snapshot!(highlight("json", JSON).unwrap());
}

#[test]
fn sh() {
    insta::assert_snapshot!(highlight("bash", SH).unwrap());
}

#[test]
fn js() {
    insta::assert_snapshot!(highlight("javascript", JS).unwrap());
}

#[test]
fn python() {
    insta::assert_snapshot!(highlight("py", PYTHON).unwrap());
}

#[test]
fn toml() {
    insta::assert_snapshot!(highlight("toml", TOML).unwrap());
}

#[test]
fn an_unknown_language_is_escaped_plain_text() {
    assert_eq!(highlight("cobol", "DISPLAY '<hi>'."), None);
    insta::assert_snapshot!(code_block("cobol", "DISPLAY '<hi>' & \"bye\"."));
}
