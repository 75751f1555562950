//! Micro-benchmarks of the stages that grow with the site: `cargo bench`.
//!
//! The inputs are this repository's own content (a real written page) and a generated site
//! of 1,000 codes whose pages are that page with a few words of their own, so the numbers
//! move when the code does, not when the content changes. The whole-build comparison with
//! Hugo and mdBook is `scripts/bench`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use statusbook::internals::markdown;
use statusbook::internals::search;
use statusbook::internals::source::SourceFile;
use statusbook::internals::table;
use statusbook::site;

/// A written page of this repository's site: prose, a table, three code blocks.
const PAGE: &str = include_str!("../content/codes/401.md");
const CODES: usize = 1000;

/// The page's Markdown, without its front matter.
fn body() -> &'static str {
    PAGE.splitn(3, "+++\n").nth(2).unwrap_or(PAGE)
}

fn code_table() -> String {
    (0..CODES)
        .map(|i| {
            let code = 1000 + i;
            format!("{code} Reason number {i}: What code {code} means, and what to do about it.\n")
        })
        .collect()
}

/// A site of [`CODES`] codes, each with a page, in a temporary folder.
fn generated_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("codes")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Bench\"\n[table]\ncustom-codes = true\n",
    )
    .unwrap();
    std::fs::write(content.join("codes.txt"), code_table()).unwrap();
    for i in 0..CODES {
        // Words of its own, so the vocabulary grows with the site as a real one does.
        let own = format!(
            "\n\nSee also term{i} and word{} and topic{}.\n",
            i % 97,
            i % 13
        );
        std::fs::write(
            content.join(format!("codes/{}.md", 1000 + i)),
            format!("{}{own}", body()),
        )
        .unwrap();
    }
    dir
}

fn table_parser(c: &mut Criterion) {
    let text = code_table();
    let file = SourceFile::new(Arc::from(Path::new("content/codes.txt")), text.clone());
    let mut group = c.benchmark_group("table");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse 1,000 lines", |b| {
        b.iter(|| table::parse(black_box(&file), true))
    });
    group.finish();
}

fn markdown_page(c: &mut Criterion) {
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(body().len() as u64));
    group.bench_function("render and highlight one page", |b| {
        b.iter(|| markdown::render(black_box(body())))
    });
    // What a build does with a page: read it on loading, then its HTML for its page and
    // its text for the search index, each a parse of its own.
    group.bench_function("read one page", |b| {
        b.iter(|| markdown::read(black_box(body())))
    });
    group.bench_function("html of one page", |b| {
        b.iter(|| markdown::html(black_box(body())))
    });
    group.bench_function("text of one page", |b| {
        b.iter(|| markdown::text(black_box(body())))
    });
    group.finish();
}

fn site_stages(c: &mut Criterion) {
    let dir = generated_site();
    let loaded = site::load(dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let mut group = c.benchmark_group("site of 1,000 codes");
    group.sample_size(20);
    group.bench_function("search index", |b| {
        b.iter(|| statusbook::internals::search_index(black_box(&loaded)))
    });
    group.bench_function("load (read, parse, check)", |b| {
        b.iter(|| site::load(black_box(dir.path())).map(|_| ()))
    });
    group.bench_function("render (pages and index, in memory)", |b| {
        b.iter(|| loaded.render().map(|built| built.output.len()))
    });
    group.finish();
}

/// `count` search documents like the generated site's pages: the written page's text with
/// words of their own, as `search::documents` would give for them (tokenized once, as an
/// incremental build keeps them).
fn search_documents(count: usize) -> Vec<search::SearchDoc> {
    (0..count)
        .map(|i| {
            let code = 1000 + i as u32;
            let description = format!("What code {code} means, and what to do about it.");
            let mut fields: [Vec<String>; search::FIELDS] = Default::default();
            fields[search::Field::Aliases as usize].push(format!("reason-number-{i}"));
            fields[search::Field::Summary as usize].push(description.clone());
            fields[search::Field::Body as usize].push(format!(
                "{}\nSee also term{i} and word{} and topic{}, request {:016x}.",
                body(),
                i % 97,
                i % 13,
                u64::from(code).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ));
            let title = format!("Reason number {i}");
            search::SearchDoc::new(Some(code), title, description, None, fields)
        })
        .collect()
}

/// Cutting one page into search terms, the search index's hottest loop (`SearchDoc::new`).
fn search_terms(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Bytes(body().len() as u64));
    group.bench_function("terms of one page", |b| {
        b.iter(|| {
            let mut fields: [Vec<String>; search::FIELDS] = Default::default();
            fields[search::Field::Body as usize].push(black_box(body()).to_string());
            search::SearchDoc::new(
                Some(401),
                "Unauthorized".into(),
                String::new(),
                None,
                fields,
            )
        })
    });
    group.finish();
}

fn search_files(c: &mut Criterion) {
    let docs = search_documents(10_000);
    let mut group = c.benchmark_group("search index of 10,000 documents");
    group.sample_size(10);
    group.bench_function("every file", |b| {
        b.iter(|| search::files(black_box(&docs), search::Texts::All))
    });
    // What an incremental build does after editing one page: every file but the text
    // files of the pages that did not change.
    group.bench_function("one page's text file", |b| {
        b.iter(|| search::files(black_box(&docs), search::Texts::Holding(&[5000])))
    });
    group.finish();
}

criterion_group!(
    benches,
    table_parser,
    markdown_page,
    site_stages,
    search_terms,
    search_files
);
criterion_main!(benches);
