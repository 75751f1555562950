//! Unit tests of `text/highlight/mod.rs`.

use super::highlight;

#[rustfmt::skip]
    const LANGS: [&str; 16] = [
        "http", "json", "sh", "js", "python", "toml", "go", "rust", "java", "kotlin", "swift",
        "csharp", "php", "ruby", "yaml", "xml",
    ];

/// Undoes highlighting, asserting that every tag is a known, flat, closed, non-empty span
/// and that no markup character is left unescaped.
fn strip(html: &str) -> String {
    let (mut text, mut open) = (String::new(), false);
    for (k, part) in html.split('<').enumerate() {
        let inner = if k == 0 {
            part
        } else if let Some(inner) = part.strip_prefix("/span>") {
            assert!(std::mem::take(&mut open), "stray </span> in {html}");
            inner
        } else {
            let tag = part
                .strip_prefix("span class=\"hl-")
                .and_then(|p| p.get(1..));
            let inner = tag
                .and_then(|p| p.strip_prefix("\">"))
                .expect("unknown tag");
            assert!(
                "ksnclafvotmu".contains(&part[15..16]),
                "unknown class in {html}"
            );
            assert!(!open && !inner.is_empty(), "nested or empty span in {html}");
            open = true;
            inner
        };
        assert!(
            !inner.contains(['>', '"', '\'']),
            "unescaped markup in {html}"
        );
        let mut pieces = inner.split('&');
        text.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            let entities = [
                ("amp;", '&'),
                ("lt;", '<'),
                ("gt;", '>'),
                ("quot;", '"'),
                ("#39;", '\''),
            ];
            let found = entities.into_iter().find(|(e, _)| piece.starts_with(e));
            let (entity, c) = found.expect("unknown entity");
            text.push(c);
            text.push_str(&piece[entity.len()..]);
        }
    }
    assert!(!open, "unclosed span in {html}");
    text
}

fn check(lang: &str, code: &str) -> String {
    let html = highlight(lang, code).expect("known language");
    assert_eq!(strip(&html), code, "{lang} lost text of {code:?}");
    html
}

#[test]
fn language_names() {
    let names = "HTTP:http jsonc:json Console:sh curl:sh TypeScript:js node:js py:python \
            TOML:toml golang:go RS:rust java:java kts:kotlin Swift:swift C#:csharp cs:csharp \
            php:php rb:ruby yml:yaml HTML:xml xhtml:xml svg:xml";
    for (name, want) in names.split_whitespace().filter_map(|p| p.split_once(':')) {
        assert_eq!(super::language(name), Some(want), "{name}");
    }
    assert_eq!(super::language("c"), None);
    assert_eq!(highlight("cobol", "a: 1"), None);
    assert_eq!(
        highlight("ZSH", "ls").as_deref(),
        Some(r#"<span class="hl-f">ls</span>"#)
    );
}

/// Fragments that open or close some construct in at least one language.
    #[rustfmt::skip]
    const PIECES: [&str; 84] = [
        "\"", "'", "`", "\\", "$", "{", "}", "[", "]", "(", ")", "\r\n", "\n", "\t", " ", "é",
        "😀", "#", "//", "/*", "*/", "/", "${", "$(", "'''", "\"\"\"", "@", ":", "=", ",", "-",
        "--x", "0x1F", "1e-3", ".5", "a#b", "<<EOF\n", "EOF\n", "<<-'X'", "HTTP/1.1 200 OK\n",
        "GET / HTTP/1.1\r\n", "Content-Type: json\n", "[[", "]]", "true", "def ", "function ",
        "if ", "in ", "r\"", "f'", "&", "<", "|", "\0", "\u{feff}",
        // The C family, PHP, Ruby, YAML and XML.
        "r#\"", "\"#", "#\"", "'a", "'\\u{1F600}'", "#[", "#![", "@\"", "$\"", "$@\"", "\\(", "#{",
        "{$", "<<<E\n", "E;\n", "<?php ", "?>", "<<~E\n", "%w[", ":sym", "=begin\n", "=end\n",
        "- ", "---\n", "|\n", "<a b='c'>", "<!--", "-->",
    ];

#[test]
fn lossless_on_random_input() {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..6000 {
        let len = next() % 120;
        let code = if round % 3 == 0 {
            // Raw bytes, mostly ASCII, so lossy decoding also yields U+FFFD between them.
            let bytes: Vec<u8> = (0..len * 3).map(|_| (next() % 200) as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        };
        for lang in LANGS {
            check(lang, &code);
        }
    }
}

#[test]
fn lossless_on_nasty_input() {
    #[rustfmt::skip]
        let cases = [
            "", "\\", "$", "{", "\"", "'", "`", "/*", "\"\"\"", "'''", "${", "$(", "#", "@", "-",
            "\"abc", "'abc\n", "/* open", "`a ${ `b ${ {c} }` }", "x = \"\"\"\nmulti", "a\\\r\n b",
            "é😀\t\r\n", "\"\\é\"", "r'\\é", "[[a", "[\"a]\"]", "k = '''x''''", "<<EOF", "<<'E'\nE",
            "GET", "GET /", "HTTP/1.1", "HTTP/1.1 \r\n\r\n{", "H:\n\n[", "Content-Type: json\n\n\"",
            "1e+", "0x", "+i", "1979-05-27 ", "`${", "/[/]/", "/\\", "$'\\", "${x\ny}", "\\é",
            "r#", "r##\"a\"#", "br\"", "b'", "'\\", "'é'", "'é", "/* /* */", "#[a[\"]\"", "$\"{",
            "$@\"\"\"", "@$\"{\"}\"}", "\"\\(\"\\(\"", "\"${\"${", "#\"", "##\"a\"#", "<?", "<?php",
            "?>x<?=", "<<<", "<<<'A'\nA", "$$", ":\"", "@@", "<<~", "<<'", "%q(", "%", "=begin",
            "a: |\n  b\nc", "- >-\n", "? ", "&", "*", "!", "\"a\":1", "<", "</", "<!", "<?x",
            "<a b=c", "<script>", "<style>x</sty", "&#;", "&amp", "<![CDATA[", "'''\n", "a:\n- |",
        ];
    for code in cases {
        for lang in LANGS {
            check(lang, code);
        }
    }
}

/// Each case: language, code, and a piece of the expected HTML.
#[test]
fn edge_cases() {
    #[rustfmt::skip]
        let cases = [
            ("sh", "echo a#b $# x#", r#"</span> a#b <span class="hl-v">$#</span> x#"#),
            ("sh", "$ export A=1 \\\n  B=2; ls", "$ <span class=\"hl-k\">export</span> A=1 \\\n  B=2; <span class=\"hl-f\">ls</span>"),
            ("sh", "FOO=\"a b\" make -j4", r#"</span> <span class="hl-f">make</span> <span class="hl-o">-j4</span>"#),
            ("sh", "for f in *.json; do cat \"$f\"; done", r#"f <span class="hl-k">in</span> *.json; <span class="hl-k">do</span> <span class="hl-f">cat</span>"#),
            ("sh", "f() { local d=$(pwd)/dist; }", r#"() { <span class="hl-k">local</span> d=$(<span class="hl-f">pwd</span>)/dist; }"#),
            ("sh", "case $1 in\n  start) run ;;\nesac", "\n  start) <span class=\"hl-f\">run</span> ;;\n"),
            ("sh", "x=${A:-1} echo $1", r#"x=<span class="hl-v">${A:-1}</span> <span class="hl-f">echo</span> <span class="hl-v">$1</span>"#),
            ("js", "const re = /[/]\\d+/g, q = a / b / c;", r#"<span class="hl-s">/[/]\d+/g</span>, q = a / b / c;"#),
            ("js", "p.catch((e) => `${e ? `x${1}` : \"}\"}`);", r#"<span class="hl-s">`${e ? `x${1}` : &quot;}&quot;}`</span>);"#),
            ("js", "n = 0x1F + .5 + 1e3", r#"<span class="hl-n">0x1F</span> + <span class="hl-n">.5</span> + <span class="hl-n">1e3</span>"#),
            ("js", "class A extends B { static x = new Map() }", r#"<span class="hl-f">A</span> <span class="hl-k">extends</span> B"#),
            ("python", "x = rb'''a\n'b''' + u\"\\\"\"", "<span class=\"hl-s\">rb&#39;&#39;&#39;a\n&#39;b&#39;&#39;&#39;</span> + <span class=\"hl-s\">u&quot;\\&quot;&quot;</span>"),
            ("python", "match = re.match(p)\nmatch cmd:", "match = re.<span class=\"hl-f\">match</span>(p)\n<span class=\"hl-k\">match</span> cmd:"),
            ("python", "@app.route(\"/\")\nclass Foo(Base):", "<span class=\"hl-a\">@app.route</span>(<span class=\"hl-s\">&quot;/&quot;</span>)\n<span class=\"hl-k\">class</span> <span class=\"hl-f\">Foo</span>(Base):"),
            ("python", "x = 1_000.5j if a @ b else None", r#"<span class="hl-n">1_000.5j</span> <span class="hl-k">if</span> a @ b <span class="hl-k">else</span> <span class="hl-l">None</span>"#),
            ("http", "GET /health\n\nHTTP/2 200\ncontent-type: text/plain\n\nok {\n", "<span class=\"hl-c\">HTTP/2</span> <span class=\"hl-n\">200</span>\n<span class=\"hl-a\">content-type</span>: <span class=\"hl-s\">text/plain</span>\n\nok {\n"),
            ("http", "HTTP/1.1 200 OK\nContent-Type: Application/JSON\n\n\"done\"", "\n\n<span class=\"hl-s\">&quot;done&quot;</span>"),
            ("json", "{\"a\": tru, 'b': [1,}, \"c\" // note\n", r#"{<span class="hl-a">&quot;a&quot;</span>: tru, &#39;b&#39;: [<span class="hl-n">1</span>,}, <span class="hl-s">&quot;c&quot;</span> <span class="hl-c">// note</span>"#),
            ("toml", "a = [{ x = 1 }, { y.z = \"w\" }]", r#"[{ <span class="hl-a">x</span> = <span class="hl-n">1</span> }, { <span class="hl-a">y.z</span> = <span class="hl-s">&quot;w&quot;</span> }]"#),
            ("toml", "[ \"quoted.]\" . b ] # c", r#"<span class="hl-t">[ &quot;quoted.]&quot; . b ]</span> <span class="hl-c"># c</span>"#),
            ("rust", "fn f<'a>(s: &'a str) -> char { 'a' }", r#"&lt;<span class="hl-a">&#39;a</span>&gt;(s: &amp;<span class="hl-a">&#39;a</span> str) -&gt; char { <span class="hl-s">&#39;a&#39;</span> }"#),
            ("rust", "let r = r#\"say \"hi\"\"#; b'\\'' + '\\u{e9}' + 'é';", r#"<span class="hl-s">r#&quot;say &quot;hi&quot;&quot;#</span>; <span class="hl-s">b&#39;\&#39;&#39;</span> + <span class="hl-s">&#39;\u{e9}&#39;</span> + <span class="hl-s">&#39;é&#39;</span>;"#),
            ("rust", "/* a /* b */ c */ x.await; r#type", r#"<span class="hl-c">/* a /* b */ c */</span> x.<span class="hl-k">await</span>; r#type"#),
            ("rust", "#[derive(Debug, \"]\")]\nstruct A; vec![1u8]", "<span class=\"hl-a\">#[derive(Debug, &quot;]&quot;)]</span>\n<span class=\"hl-k\">struct</span> <span class=\"hl-f\">A</span>; <span class=\"hl-f\">vec!</span>[<span class=\"hl-n\">1u8</span>]"),
            ("go", "func (c *Client) Do() { s := `a\\`; t.0 }", r#"<span class="hl-k">func</span> (c *Client) <span class="hl-f">Do</span>() { s := <span class="hl-s">`a\`</span>; t.<span class="hl-n">0</span> }"#),
            // Java, Go, C# and PHP block comments do not nest, as in those languages.
            ("java", "/* a /* b */ c */ @Override @interface", r#"<span class="hl-c">/* a /* b */</span> c */ <span class="hl-a">@Override</span> <span class="hl-k">@interface</span>"#),
            ("kotlin", "fun Client.get() = \"${m[\"k\"]}\" + x.data", r#"<span class="hl-k">fun</span> Client.<span class="hl-f">get</span>() = <span class="hl-s">&quot;${m[&quot;k&quot;]}&quot;</span> + x.data"#),
            ("swift", "s = \"a\\(f(\"b\"))\" + #\"\\(raw)\"# #if DEBUG", r#"<span class="hl-s">&quot;a\(f(&quot;b&quot;))&quot;</span> + <span class="hl-s">#&quot;\(raw)&quot;#</span> <span class="hl-k">#if</span> DEBUG"#),
            ("csharp", "[Obsolete]\nvar p = @\"C:\\\" + $\"{{x}}{y}\" + a[0];", "<span class=\"hl-a\">[Obsolete]</span>\n<span class=\"hl-k\">var</span> p = <span class=\"hl-s\">@&quot;C:\\&quot;</span> + <span class=\"hl-s\">$&quot;{{x}}{y}&quot;</span> + a[<span class=\"hl-n\">0</span>];"),
            ("php", "<p><?php echo $a->list; # x ?></p>", r#"<span class="hl-k">&lt;p&gt;&lt;?php</span> <span class="hl-k">echo</span> <span class="hl-v">$a</span>-&gt;list; <span class="hl-c"># x </span><span class="hl-k">?&gt;&lt;/p&gt;</span>"#),
            ("ruby", "def self.ok?(a, if: 1) = @x || $y || :z || \"#{\"}\"}\"", r#"<span class="hl-k">def</span> <span class="hl-k">self</span>.<span class="hl-f">ok?</span>(a, <span class="hl-a">if:</span> <span class="hl-n">1</span>) = <span class="hl-v">@x</span> || <span class="hl-v">$y</span> || <span class="hl-l">:z</span> || <span class="hl-s">&quot;#{&quot;}&quot;}&quot;</span>"#),
            ("ruby", "x = a / b\ny = s =~ /a b/ ? %w[a] : 1 % 2", r#"x = a / b
y = s =~ <span class="hl-s">/a b/</span> ? <span class="hl-s">%w[a]</span> : <span class="hl-n">1</span> % <span class="hl-n">2</span>"#),
            ("yaml", "---\n- '201': |\n    a: b\n  c: 1.2.3 # d", "<span class=\"hl-t\">---</span>\n- <span class=\"hl-a\">&#39;201&#39;</span>: |\n<span class=\"hl-s\">    a: b</span>\n  <span class=\"hl-a\">c</span>: <span class=\"hl-s\">1.2.3</span> <span class=\"hl-c\"># d</span>"),
            ("yaml", "a: {b: [1, ~, .inf]}\nc: &x url#frag\nd: *x", "<span class=\"hl-a\">a</span>: {<span class=\"hl-a\">b</span>: [<span class=\"hl-n\">1</span>, <span class=\"hl-l\">~</span>, <span class=\"hl-n\">.inf</span>]}\n<span class=\"hl-a\">c</span>: <span class=\"hl-v\">&amp;x</span> <span class=\"hl-s\">url#frag</span>\n<span class=\"hl-a\">d</span>: <span class=\"hl-v\">*x</span>"),
            ("xml", "<a href=x title='&lt;'>&amp; & 1 < 2<!-- c --></a>", r#"<span class="hl-k">&lt;a</span> <span class="hl-a">href</span>=<span class="hl-s">x</span> <span class="hl-a">title</span>=<span class="hl-s">&#39;&amp;lt;&#39;</span><span class="hl-k">&gt;</span><span class="hl-l">&amp;amp;</span> &amp; 1 &lt; 2<span class="hl-c">&lt;!-- c --&gt;</span><span class="hl-k">&lt;/a&gt;</span>"#),
            ("xml", "<script>a < b</script>", r#"<span class="hl-k">&lt;script&gt;</span>a &lt; b<span class="hl-k">&lt;/script&gt;</span>"#),
        ];
    for (lang, code, expected) in cases {
        let html = check(lang, code);
        assert!(
            html.contains(expected),
            "{lang}: {code}\n got: {html}\nwant: {expected}"
        );
    }
}

const EXAMPLES: [(&str, &str, &str); 6] = [
    ("http", HTTP, HTTP_HTML),
    ("json", JSON, JSON_HTML),
    ("sh", SH, SH_HTML),
    ("js", JS, JS_HTML),
    ("python", PYTHON, PYTHON_HTML),
    ("toml", TOML, TOML_HTML),
];

const HTTP: &str = r#"PATCH /v1/orders/42 HTTP/1.1
Content-Type: application/merge-patch+json

{"quantity": 3}

HTTP/1.1 409 Conflict
Content-Type: application/problem+json

{
  "type": "https://example.com/probs/conflict",
  "title": "Order <42> is locked & 'final'",
  "status": 409,
  "retryable": false,
  "errors": [{"field": "quantity", "min": 1}]
}
"#;

const HTTP_HTML: &str = r#"<span class="hl-m">PATCH</span> <span class="hl-u">/v1/orders/42</span> <span class="hl-c">HTTP/1.1</span>
<span class="hl-a">Content-Type</span>: <span class="hl-s">application/merge-patch+json</span>

{<span class="hl-a">&quot;quantity&quot;</span>: <span class="hl-n">3</span>}

<span class="hl-c">HTTP/1.1</span> <span class="hl-n">409</span> Conflict
<span class="hl-a">Content-Type</span>: <span class="hl-s">application/problem+json</span>

{
  <span class="hl-a">&quot;type&quot;</span>: <span class="hl-s">&quot;https://example.com/probs/conflict&quot;</span>,
  <span class="hl-a">&quot;title&quot;</span>: <span class="hl-s">&quot;Order &lt;42&gt; is locked &amp; &#39;final&#39;&quot;</span>,
  <span class="hl-a">&quot;status&quot;</span>: <span class="hl-n">409</span>,
  <span class="hl-a">&quot;retryable&quot;</span>: <span class="hl-l">false</span>,
  <span class="hl-a">&quot;errors&quot;</span>: [{<span class="hl-a">&quot;field&quot;</span>: <span class="hl-s">&quot;quantity&quot;</span>, <span class="hl-a">&quot;min&quot;</span>: <span class="hl-n">1</span>}]
}
"#;

const JSON: &str = r#"{
  "name": "highlight \"fast\"",
  "tags": ["a", "b\\c", "\u00e9"],
  "matrix": [[1, -2.5], [3e10, 0]],
  "meta": {"ok": true, "none": null, "ratio": 0.25},
  "empty": {}
}
"#;

const JSON_HTML: &str = r#"{
  <span class="hl-a">&quot;name&quot;</span>: <span class="hl-s">&quot;highlight \&quot;fast\&quot;&quot;</span>,
  <span class="hl-a">&quot;tags&quot;</span>: [<span class="hl-s">&quot;a&quot;</span>, <span class="hl-s">&quot;b\\c&quot;</span>, <span class="hl-s">&quot;\u00e9&quot;</span>],
  <span class="hl-a">&quot;matrix&quot;</span>: [[<span class="hl-n">1</span>, <span class="hl-n">-2.5</span>], [<span class="hl-n">3e10</span>, <span class="hl-n">0</span>]],
  <span class="hl-a">&quot;meta&quot;</span>: {<span class="hl-a">&quot;ok&quot;</span>: <span class="hl-l">true</span>, <span class="hl-a">&quot;none&quot;</span>: <span class="hl-l">null</span>, <span class="hl-a">&quot;ratio&quot;</span>: <span class="hl-n">0.25</span>},
  <span class="hl-a">&quot;empty&quot;</span>: {}
}
"#;

const SH: &str = r#"# Create an order, retrying on 429
curl -i -X POST -H "Authorization: Bearer $API_TOKEN" https://api.example.com/v1/orders \
  -H 'Content-Type: application/json' \
  --retry 3 -d @- <<'JSON' | jq '.id' > "${OUT_DIR}/order.json"
{"sku": "A-100", "qty": 2}
JSON
if [ $? -ne 0 ]; then echo "failed: $(date)" >&2; exit 1; fi
"#;

const SH_HTML: &str = r#"<span class="hl-c"># Create an order, retrying on 429</span>
<span class="hl-f">curl</span> <span class="hl-o">-i</span> <span class="hl-o">-X</span> POST <span class="hl-o">-H</span> <span class="hl-s">&quot;Authorization: Bearer $API_TOKEN&quot;</span> https://api.example.com/v1/orders \
  <span class="hl-o">-H</span> <span class="hl-s">&#39;Content-Type: application/json&#39;</span> \
  <span class="hl-o">--retry</span> <span class="hl-n">3</span> <span class="hl-o">-d</span> @- &lt;&lt;<span class="hl-s">&#39;JSON&#39;</span> | <span class="hl-f">jq</span> <span class="hl-s">&#39;.id&#39;</span> &gt; <span class="hl-s">&quot;${OUT_DIR}/order.json&quot;</span>
<span class="hl-s">{&quot;sku&quot;: &quot;A-100&quot;, &quot;qty&quot;: 2}
</span>JSON
<span class="hl-k">if</span> [ <span class="hl-v">$?</span> <span class="hl-o">-ne</span> <span class="hl-n">0</span> ]; <span class="hl-k">then</span> <span class="hl-f">echo</span> <span class="hl-s">&quot;failed: $(date)&quot;</span> &gt;&amp;<span class="hl-n">2</span>; <span class="hl-f">exit</span> <span class="hl-n">1</span>; <span class="hl-k">fi</span>
"#;

const JS: &str = r#"// Retry on 429 / 503, honouring Retry-After.
async function fetchWithRetry(url, options = {}, retries = 3) {
  for (let attempt = 0; attempt <= retries; attempt++) {
    const res = await fetch(url, { ...options, method: 'POST' });
    if (res.status !== 429 && res.status !== 503) return res.json();
    const wait = Number(res.headers.get("Retry-After") ?? 1) * 1_000;
    await new Promise((r) => setTimeout(r, wait / 2));
  }
  throw new Error(`gave up after ${retries} retries`);
}
"#;

const JS_HTML: &str = r#"<span class="hl-c">// Retry on 429 / 503, honouring Retry-After.</span>
<span class="hl-k">async</span> <span class="hl-k">function</span> <span class="hl-f">fetchWithRetry</span>(url, options = {}, retries = <span class="hl-n">3</span>) {
  <span class="hl-k">for</span> (<span class="hl-k">let</span> attempt = <span class="hl-n">0</span>; attempt &lt;= retries; attempt++) {
    <span class="hl-k">const</span> res = <span class="hl-k">await</span> <span class="hl-f">fetch</span>(url, { ...options, method: <span class="hl-s">&#39;POST&#39;</span> });
    <span class="hl-k">if</span> (res.status !== <span class="hl-n">429</span> &amp;&amp; res.status !== <span class="hl-n">503</span>) <span class="hl-k">return</span> res.<span class="hl-f">json</span>();
    <span class="hl-k">const</span> wait = <span class="hl-f">Number</span>(res.headers.<span class="hl-f">get</span>(<span class="hl-s">&quot;Retry-After&quot;</span>) ?? <span class="hl-n">1</span>) * <span class="hl-n">1_000</span>;
    <span class="hl-k">await</span> <span class="hl-k">new</span> <span class="hl-f">Promise</span>((r) =&gt; <span class="hl-f">setTimeout</span>(r, wait / <span class="hl-n">2</span>));
  }
  <span class="hl-k">throw</span> <span class="hl-k">new</span> <span class="hl-f">Error</span>(<span class="hl-s">`gave up after ${retries} retries`</span>);
}
"#;

const PYTHON: &str = r#"import time
import requests

@retry(times=3)
def create_order(session, sku: str, qty=1) -> dict:
    """Create an order; retries on 429."""
    for attempt in range(5):
        resp = session.post(f"{BASE}/orders", json={"sku": sku, "qty": qty})
        if resp.status_code != 429:
            return resp.json()
        time.sleep(float(resp.headers.get('Retry-After', 0.5)))  # seconds
    raise RuntimeError(f"gave up after {attempt + 1} tries") from None
"#;

const PYTHON_HTML: &str = r#"<span class="hl-k">import</span> time
<span class="hl-k">import</span> requests

<span class="hl-a">@retry</span>(times=<span class="hl-n">3</span>)
<span class="hl-k">def</span> <span class="hl-f">create_order</span>(session, sku: str, qty=<span class="hl-n">1</span>) -&gt; dict:
    <span class="hl-s">&quot;&quot;&quot;Create an order; retries on 429.&quot;&quot;&quot;</span>
    <span class="hl-k">for</span> attempt <span class="hl-k">in</span> <span class="hl-f">range</span>(<span class="hl-n">5</span>):
        resp = session.<span class="hl-f">post</span>(<span class="hl-s">f&quot;{BASE}/orders&quot;</span>, json={<span class="hl-s">&quot;sku&quot;</span>: sku, <span class="hl-s">&quot;qty&quot;</span>: qty})
        <span class="hl-k">if</span> resp.status_code != <span class="hl-n">429</span>:
            <span class="hl-k">return</span> resp.<span class="hl-f">json</span>()
        time.<span class="hl-f">sleep</span>(<span class="hl-f">float</span>(resp.headers.<span class="hl-f">get</span>(<span class="hl-s">&#39;Retry-After&#39;</span>, <span class="hl-n">0.5</span>)))  <span class="hl-c"># seconds</span>
    <span class="hl-k">raise</span> <span class="hl-f">RuntimeError</span>(<span class="hl-s">f&quot;gave up after {attempt + 1} tries&quot;</span>) <span class="hl-k">from</span> <span class="hl-l">None</span>
"#;

const TOML: &str = r#"# Site configuration
title = "Docs"
base_url = 'https://example.com'

[server]
port = 8_080
timeout = -2.5e3
enabled = true # inline comment
started = 1979-05-27T07:32:00Z
local = 1979-05-27 07:32:00

[[server.routes]]
path = "/api/*"
methods = ["GET", 'POST', [1, 2]]
limits = { burst = 10, window = "1m", nested = { on = false } }
"quoted key".sub = """
multi-line ""quoted"""""
"#;

const TOML_HTML: &str = r#"<span class="hl-c"># Site configuration</span>
<span class="hl-a">title</span> = <span class="hl-s">&quot;Docs&quot;</span>
<span class="hl-a">base_url</span> = <span class="hl-s">&#39;https://example.com&#39;</span>

<span class="hl-t">[server]</span>
<span class="hl-a">port</span> = <span class="hl-n">8_080</span>
<span class="hl-a">timeout</span> = <span class="hl-n">-2.5e3</span>
<span class="hl-a">enabled</span> = <span class="hl-l">true</span> <span class="hl-c"># inline comment</span>
<span class="hl-a">started</span> = <span class="hl-n">1979-05-27T07:32:00Z</span>
<span class="hl-a">local</span> = <span class="hl-n">1979-05-27 07:32:00</span>

<span class="hl-t">[[server.routes]]</span>
<span class="hl-a">path</span> = <span class="hl-s">&quot;/api/*&quot;</span>
<span class="hl-a">methods</span> = [<span class="hl-s">&quot;GET&quot;</span>, <span class="hl-s">&#39;POST&#39;</span>, [<span class="hl-n">1</span>, <span class="hl-n">2</span>]]
<span class="hl-a">limits</span> = { <span class="hl-a">burst</span> = <span class="hl-n">10</span>, <span class="hl-a">window</span> = <span class="hl-s">&quot;1m&quot;</span>, <span class="hl-a">nested</span> = { <span class="hl-a">on</span> = <span class="hl-l">false</span> } }
<span class="hl-a">&quot;quoted key&quot;.sub</span> = <span class="hl-s">&quot;&quot;&quot;
multi-line &quot;&quot;quoted&quot;&quot;&quot;&quot;&quot;</span>
"#;

#[test]
fn realistic_examples() {
    for (lang, code, expected) in EXAMPLES {
        assert_eq!(check(lang, code), expected, "{lang}");
    }
    // The same HTTP exchange with CRLF line ends.
    let crlf = check("http", &HTTP.replace('\n', "\r\n"));
    assert_eq!(crlf, HTTP_HTML.replace('\n', "\r\n"));
}

/// `cargo test --release -- --ignored --nocapture speed` prints MB/s per language.
#[test]
#[ignore]
fn speed() {
    let mut total = (0, 0.0);
    for (lang, code, _) in EXAMPLES {
        // About 10 MB per language, as many small blocks, the way a site's pages hold them.
        let blocks = (10 << 20) / code.len();
        let start = std::time::Instant::now();
        for _ in 0..blocks {
            std::hint::black_box(highlight(lang, std::hint::black_box(code)));
        }
        let secs = start.elapsed().as_secs_f64();
        let mb = (blocks * code.len()) as f64 / 1e6;
        println!("{lang:>6}: {:6.0} MB/s", mb / secs);
        assert!(
            cfg!(debug_assertions) || mb / secs > 50.0,
            "{lang} is too slow"
        );
        total = (total.0 + blocks * code.len(), total.1 + secs);
    }
    println!("   all: {:6.0} MB/s", total.0 as f64 / 1e6 / total.1);
    // One construct repeated over 1 MB, often unterminated, must not go quadratic. Tiny
    // tokens make this output-bound, hence the lower bar.
    let mut worst = (f64::MAX, "", "");
    for piece in PIECES {
        let code = piece.repeat((1 << 20) / piece.len());
        for lang in LANGS {
            let start = std::time::Instant::now();
            std::hint::black_box(highlight(lang, &code));
            let mbps = code.len() as f64 / 1e6 / start.elapsed().as_secs_f64();
            if mbps < worst.0 {
                worst = (mbps, lang, piece);
            }
        }
    }
    println!(
        "worst repeated piece: {:.0} MB/s ({} {:?})",
        worst.0, worst.1, worst.2
    );
    assert!(cfg!(debug_assertions) || worst.0 > 10.0);
}
