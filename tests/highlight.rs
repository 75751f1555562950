//! Build-time highlighting, one snapshot per language, so a change in how code is coloured
//! is reviewed like any other change to the output.

use statusbook::internals::highlight::highlight;
use statusbook::internals::markdown::code_block;

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

const GO: &str = r#"// Retry on 429 and 503, honouring Retry-After.
func fetchOrder(ctx context.Context, c *http.Client, id int64) (*Order, error) {
	for attempt := 0; attempt < 3; attempt++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/orders/%d", baseURL, id), nil)
		req.Header.Set("Accept", `application/json`)
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != 429 && resp.StatusCode != 503 {
			defer resp.Body.Close()
			var o Order
			return &o, json.NewDecoder(resp.Body).Decode(&o)
		}
		resp.Body.Close()
		time.Sleep(time.Duration(1<<attempt) * 500 * time.Millisecond)
	}
	return nil, fmt.Errorf("gave up after %d tries: %w", 3, ErrBusy)
}
"#;

const RUST: &str = r##"/// Sends `req`, retrying on 429 and 503 with the server's `Retry-After`.
#[tracing::instrument(skip(client), fields(url = %req.url()))]
async fn send_with_retry<'a>(client: &'a Client, req: Request, max: u32) -> Result<Response, Error> {
    let mut attempt = 0_u32;
    'retry: loop {
        let resp = client.execute(req.try_clone().expect("a buffered body")).await?;
        match resp.status().as_u16() {
            429 | 503 if attempt < max => {
                let header = resp.headers().get("Retry-After").and_then(|v| v.to_str().ok());
                let secs: u64 = header.and_then(|s| s.parse().ok()).unwrap_or(1 << attempt);
                log::warn!(r#"retrying "{}" in {secs}s"#, req.url());
                tokio::time::sleep(Duration::from_secs(secs.min(30))).await;
                attempt += 1;
                continue 'retry;
            }
            _ => return Ok(resp),
        }
    }
}
"##;

const JAVA: &str = r#"private static final String ORDER = """
    {"sku": "A-100", "qty": 2}
    """;

@Override
public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
        HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
        if (response.statusCode() != 429 && response.statusCode() != 503) {
            return response;
        }
        long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
        Thread.sleep(Math.min(seconds, 30) * 1_000);
    }
    throw new IOException("gave up after " + MAX_RETRIES + " retries");
}
"#;

const KOTLIN: &str = r#"// Retries on 429 and 503, waiting as long as Retry-After says.
suspend fun HttpClient.postWithRetry(url: String, body: String, maxRetries: Int = 3): HttpResponse {
    repeat(maxRetries) { attempt ->
        val response = post(url) {
            contentType(ContentType.Application.Json)
            setBody(body)
        }
        if (response.status.value !in setOf(429, 503)) return response
        val wait = response.headers["Retry-After"]?.toLongOrNull() ?: (1L shl attempt)
        logger.warn("Attempt ${attempt + 1}: HTTP ${response.headers["Status"]}, retrying in ${wait}s")
        delay(wait * 1_000)
    }
    throw IllegalStateException("gave up after $maxRetries retries")
}
"#;

const SWIFT: &str = r#"/// Fetches an order, retrying on 429 and 503.
@MainActor
func fetchOrder(id: Int, retries: Int = 3) async throws -> Order {
    var request = URLRequest(url: baseURL.appendingPathComponent("orders/\(id)"))
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    for attempt in 0..<retries {
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, [429, 503].contains(http.statusCode) else {
            return try JSONDecoder().decode(Order.self, from: data)
        }
        let wait = Double(http.value(forHTTPHeaderField: "Retry-After") ?? "") ?? pow(2.0, Double(attempt))
        try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
    }
    throw APIError.gaveUp(after: retries)
}
"#;

const CSHARP: &str = r#"// Retries on 429 and 503, honouring Retry-After.
[Obsolete("Use the resilience pipeline")]
public async Task<HttpResponseMessage> SendWithRetryAsync(HttpRequestMessage request, int maxRetries = 3)
{
    for (var attempt = 0; ; attempt++)
    {
        using var copy = await CloneAsync(request);
        var response = await _client.SendAsync(copy);
        if ((int)response.StatusCode is not (429 or 503) || attempt == maxRetries)
            return response;
        var delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
        _logger.LogWarning($"Attempt {attempt + 1}: {response.StatusCode}, waiting {delay.TotalSeconds:F1}s");
        await Task.Delay(delay);
    }
}
"#;

const PHP: &str = r#"<?php
// Retries on 429 and 503, honouring Retry-After.
function fetchOrder(Client $client, int $id, int $maxRetries = 3): array
{
    for ($attempt = 0; $attempt <= $maxRetries; $attempt++) {
        $response = $client->request('GET', "/v1/orders/{$id}", ['http_errors' => false]);
        $status = $response->getStatusCode();
        if (!in_array($status, [429, 503], true)) {
            return json_decode((string) $response->getBody(), true);
        }
        $wait = (int) ($response->getHeaderLine('Retry-After') ?: 2 ** $attempt);
        sleep(min($wait, 30)); # never longer than 30 s
    }
    throw new RuntimeException("Gave up after $maxRetries retries");
}
"#;

const RUBY: &str = r##"require "net/http"

# Retries on 429 and 503, honouring Retry-After.
def fetch_order(id, max_retries: 3)
  uri = URI("#{BASE_URL}/v1/orders/#{id}")
  max_retries.times do |attempt|
    response = Net::HTTP.get_response(uri, { "Accept" => "application/json" })
    return JSON.parse(response.body, symbolize_names: true) unless %w[429 503].include?(response.code)

    wait = (response["Retry-After"] || 2**attempt).to_i
    @logger.warn("attempt #{attempt + 1}: #{response["Status"]}, retrying in #{wait}s")
    sleep [wait, 30].min
  end
  raise RetryError, :gave_up
end
"##;

const YAML: &str = r#"# OpenAPI: the rate-limited response of one operation
paths:
  /v1/orders:
    post:
      operationId: createOrder
      responses:
        '201':
          description: Created
        "429":
          description: |
            Too many requests: wait for the seconds in Retry-After,
            then retry (at most 3 times).
          headers:
            Retry-After: {schema: {type: integer, minimum: 1}, example: 30}
          x-retry: {enabled: true, backoff: [0.5, 1, 2], jitter: ~}
          x-since: 2024-01-02   # first released
"#;

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- RFC 9457 problem details, as XML -->
<problem xmlns="urn:ietf:rfc:7807">
  <type>https://example.com/probs/rate-limited</type>
  <title>Too Many Requests &amp; rate limited</title>
  <status>429</status>
  <retry-after unit='seconds'>30</retry-after>
  <detail><![CDATA[Retry after <30> seconds]]></detail>
</problem>
"#;

const HTML: &str = r#"<!DOCTYPE html>
<!-- Shown while the API answers 503 Service Unavailable -->
<html lang="en">
<head>
  <meta http-equiv="refresh" content="30">
  <title>Back soon &mdash; Acme API</title>
</head>
<body class=maintenance>
  <p>We&#39;re updating. Retrying in <span id="wait">30</span> seconds&hellip;</p>
  <script>
    setTimeout(() => location.reload(), 30 * 1000); // retry once the wait is over
  </script>
</body>
</html>
"#;

#[test]
fn go() {
    insta::assert_snapshot!(highlight("golang", GO).unwrap());
}

#[test]
fn rust() {
    insta::assert_snapshot!(highlight("rust", RUST).unwrap());
}

#[test]
fn java() {
    insta::assert_snapshot!(highlight("java", JAVA).unwrap());
}

#[test]
fn kotlin() {
    insta::assert_snapshot!(highlight("kt", KOTLIN).unwrap());
}

#[test]
fn swift() {
    insta::assert_snapshot!(highlight("swift", SWIFT).unwrap());
}

#[test]
fn csharp() {
    insta::assert_snapshot!(highlight("c#", CSHARP).unwrap());
}

#[test]
fn php() {
    insta::assert_snapshot!(highlight("php", PHP).unwrap());
}

#[test]
fn ruby() {
    insta::assert_snapshot!(highlight("rb", RUBY).unwrap());
}

#[test]
fn yaml() {
    insta::assert_snapshot!(highlight("yml", YAML).unwrap());
}

#[test]
fn xml() {
    insta::assert_snapshot!(highlight("xml", XML).unwrap());
}

#[test]
fn html() {
    insta::assert_snapshot!(highlight("html", HTML).unwrap());
}

/// `cargo test --release --test highlight -- --ignored --nocapture cost`: what highlighting costs
/// for the client-snippet languages, each snippet above highlighted 10,000 times.
#[test]
#[ignore]
fn cost_of_10_000_snippets_per_language() {
    use std::hint::black_box;
    use std::time::{Duration, Instant};
    #[rustfmt::skip]
    let corpus = [
        ("go", GO), ("rust", RUST), ("java", JAVA), ("kotlin", KOTLIN), ("swift", SWIFT),
        ("csharp", CSHARP), ("php", PHP), ("ruby", RUBY), ("yaml", YAML), ("xml", XML),
        ("html", HTML),
    ];
    let (mut bytes, mut time) = (0, Duration::ZERO);
    for (lang, code) in corpus {
        let start = Instant::now();
        for _ in 0..10_000 {
            black_box(highlight(lang, black_box(code)));
        }
        let elapsed = start.elapsed();
        let mbps = (code.len() * 10_000) as f64 / 1e6 / elapsed.as_secs_f64();
        println!(
            "{lang:>7}: {:6.1} ms for 10,000 × {:3} B, {:5.2} µs each, {mbps:4.0} MB/s",
            elapsed.as_secs_f64() * 1e3,
            code.len(),
            elapsed.as_secs_f64() * 1e6 / 10_000.0,
        );
        (bytes, time) = (bytes + code.len() * 10_000, time + elapsed);
    }
    let mbps = bytes as f64 / 1e6 / time.as_secs_f64();
    println!(
        "    all: {:6.1} ms, {mbps:4.0} MB/s",
        time.as_secs_f64() * 1e3
    );
}
