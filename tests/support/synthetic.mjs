// A deterministic synthetic site of 1,000 custom codes (1000–1999) for the search relevance
// suite (its queries and expected answers are in tests/search/synthetic.json). It replaces
// the external benchmark generator (../shared/bench/gen.py), so the suite runs on a clean
// clone with nothing but Node.
//
//   import { writeSyntheticSite } from "../support/synthetic.mjs";
//   writeSyntheticSite(emptyDir);          // 1,000 codes
//   writeSyntheticSite(emptyDir, 100);     // codes 1000–1099
//
// Each code gets a reason phrase that reads like a real API error ("Ledger Quota Exceeded"):
// a subject, a qualifier and a state from the word lists below, drawn with weights so that
// a few words are rare (a handful of codes each) and can be searched for on their own. Every
// reason is unique. The description and the written page repeat the reason's words and add
// vocabulary of their own: some words are only in descriptions, some only in page text, and
// some pages name request headers (Retry-After, Idempotency-Key, X-Request-Id, …). A page is
// a first paragraph, then Causes, What to do and an Example in JSON: about 150–230 words.
//
// Determinism: no Math.random. Every draw comes from mulberry32, seeded from the code
// number, so a code's text is the same on every run; the only dependence between codes is
// that a reason already taken by a lower code is drawn again, so code N reads the same for
// any site of more than N - 999 codes. Changing a word list changes the expected answers
// of tests/search/synthetic.json: regenerate and review them together.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** mulberry32: a small 32-bit seeded generator returning floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of one code: seeded from the code, mixed so neighbouring codes differ. */
function rngFor(code) {
  return mulberry32(Math.imul(code ^ 0x5bd1e995, 0x9e3779b1) ^ 0x1f2e3d4c);
}

const pick = (rng, list) => list[Math.floor(rng() * list.length)];

/** A draw from `[item, weight]` pairs. */
function weighted(rng, pairs) {
  const total = pairs.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [item, w] of pairs) {
    r -= w;
    if (r < 0) return item;
  }
  return pairs[pairs.length - 1][0];
}

/** `count` distinct items of `list`, in list order. */
function some(rng, list, count) {
  const chosen = new Set();
  while (chosen.size < Math.min(count, list.length)) chosen.add(pick(rng, list));
  return list.filter((item) => chosen.has(item));
}

// ---------------------------------------------------------------------------------------
// Reason phrases: subject + qualifier + state. Weight 1 is common (about 40–70 codes in a
// 1,000-code site); the small weights make a word rare (about 3–10 codes).

const SUBJECTS = [
  ["Ledger", 1], ["Webhook", 1], ["Shipment", 1], ["Invoice", 1], ["Refund", 1],
  ["Coupon", 1], ["Tenant", 1], ["Payout", 1], ["Subscription", 1], ["Cart", 1],
  ["Order", 1], ["Customer", 1], ["Catalog", 1], ["Checkout", 1], ["Payment", 1],
  ["Merchant", 1], ["Batch", 1], ["Export", 1], ["Carrier", 1], ["Parcel", 1],
  ["Warehouse", 0.12], ["Mandate", 0.12], ["Voucher", 0.12], ["Chargeback", 0.12],
  ["Payroll", 0.12],
];

const QUALIFIERS = [
  ["Quota", 1], ["Signature", 1], ["Label", 1], ["Currency", 1], ["Token", 1],
  ["Schema", 1], ["Limit", 1], ["Balance", 1], ["Address", 1], ["Window", 1],
  ["Version", 1], ["Region", 1], ["Key", 1], ["Reference", 1], ["Amount", 1],
  ["Session", 1], ["Threshold", 0.1], ["Manifest", 0.1], ["Checksum", 0.1],
  ["Locale", 0.1],
];

const STATES = [
  ["Exceeded", 1], ["Invalid", 1], ["Expired", 1], ["Mismatch", 1], ["Locked", 1],
  ["Pending", 1], ["Missing", 1], ["Revoked", 1], ["Rejected", 1], ["Unsupported", 1],
  ["Duplicated", 1], ["Suspended", 1], ["Quarantined", 0.08], ["Throttled", 0.08],
  ["Archived", 0.08],
];

// What a subject is, for the page's first paragraph (page text only).
const SUBJECT_TEXT = {
  Ledger: "Every ledger keeps double-entry journal lines that must balance to zero.",
  Webhook: "Webhook endpoints receive event notifications as signed POST requests.",
  Shipment: "A shipment groups the packages that leave one fulfilment site together.",
  Invoice: "An invoice lists the line items a customer owes, with tax and due date.",
  Refund: "A refund returns captured funds to the original payment instrument.",
  Coupon: "A coupon applies a discount to eligible line items at checkout time.",
  Tenant: "Each tenant is an isolated organisation with its own users and data.",
  Payout: "A payout moves the available funds from the platform to a bank account.",
  Subscription: "A subscription bills a customer on a recurring plan until it is cancelled.",
  Cart: "A cart holds the line items a shopper has picked before checkout.",
  Order: "An order records what was bought, the prices agreed and its fulfilment status.",
  Customer: "A customer record stores contact details and saved payment methods.",
  Catalog: "The catalog lists products, their variants and their prices per market.",
  Checkout: "A checkout turns a cart into an order once payment is authorised.",
  Payment: "A payment authorises and captures funds from a card or bank debit.",
  Merchant: "A merchant is a seller onboarded to the platform with verified details.",
  Batch: "A batch runs many operations of the same kind as one background job.",
  Export: "An export writes records to a downloadable file in the background.",
  Carrier: "A carrier is the delivery company that collects and tracks the packages.",
  Parcel: "A parcel is one physical package with its own tracking number.",
  Warehouse: "A warehouse stocks inventory and picks, packs and ships orders.",
  Mandate: "A mandate is the customer's standing authorisation for direct debits.",
  Voucher: "A voucher is a prepaid code redeemed for a fixed value at checkout.",
  Chargeback: "A chargeback is a cardholder's bank reversing a disputed payment.",
  Payroll: "A payroll run pays employees' net salaries on a fixed schedule.",
};

// The description: a sentence that names the reason's words, then a context clause. The
// context clauses carry the words found only in descriptions; the later ones are rare.
const STATE_DESCRIPTION = {
  Exceeded: (s, q) => `The ${s} ${q} was exceeded`,
  Invalid: (s, q) => `The ${s} ${q} sent is invalid`,
  Expired: (s, q) => `The ${s} ${q} has expired`,
  Mismatch: (s, q) => `There is a mismatch between the ${s} ${q} sent and the stored one`,
  Locked: (s, q) => `The ${s} ${q} is locked by another operation`,
  Pending: (s, q) => `A change to the ${s} ${q} is still pending`,
  Missing: (s, q) => `The ${s} ${q} is missing from the request`,
  Revoked: (s, q) => `The ${s} ${q} was revoked`,
  Rejected: (s, q) => `The ${s} ${q} was rejected`,
  Unsupported: (s, q) => `This ${s} ${q} is unsupported`,
  Duplicated: (s, q) => `The ${s} ${q} was duplicated by an earlier request`,
  Suspended: (s, q) => `The ${s} ${q} is suspended`,
  Quarantined: (s, q) => `The ${s} ${q} is quarantined for review`,
  Throttled: (s, q) => `Requests for the ${s} ${q} are throttled`,
  Archived: (s, q) => `The ${s} ${q} is archived and read-only`,
};

const CONTEXTS = [
  ["for this workspace", 6],
  ["in the live environment", 5],
  ["for the current billing period", 4],
  ["for the connected account", 4],
  ["during the nightly reconciliation run", 3],
  ["on a marketplace storefront", 3],
  ["while the fiscal period is being closed", 2],
  ["in the sandbox environment", 2],
  ["during settlement with the acquirer", 1.5],
  ["for a wholesale price list", 1.5],
  ["after proration of a plan change", 1],
  ["during customs clearance", 1],
  ["while dunning retries are scheduled", 0.8],
  ["for a consignment held in escrow", 0.6],
  ["for a loyalty programme member", 0.6],
  ["during merchant underwriting", 0.5],
  ["for a backorder awaiting restock", 0.4],
  ["during a remittance to an overseas beneficiary", 0.3],
  ["on a dropship supplier feed", 0.25],
  ["for a tariff classification", 0.2],
  ["during affiliate commission accrual", 0.15],
  ["for a procurement requisition", 0.12],
];

// What the state means for the client, for the page's first paragraph.
const STATE_TEXT = {
  Exceeded: "The allowance resets at the start of the next window; until then every similar call fails the same way.",
  Invalid: "Nothing was stored: the server checked the value first and refused it before doing any work.",
  Expired: "Values like this one are only good for a limited time after they are issued, and that time is over.",
  Mismatch: "The server compared what you sent with what it holds and the two differ, so it made no change.",
  Locked: "Only one writer at a time may change the object; the lock is released when the other writer finishes.",
  Pending: "The object is between two states, and the server refuses changes until the earlier one completes.",
  Missing: "The endpoint cannot guess a default here, so the request was refused before any processing started.",
  Revoked: "Once withdrawn, the value never works again; a retry with the same value fails the same way.",
  Rejected: "The request was well formed, but a rule or a partner declined it after looking at its contents.",
  Unsupported: "The server understood the value but does not offer it for this object, plan or version.",
  Duplicated: "The first request already succeeded, and the server refuses to do the same work a second time.",
  Suspended: "A suspension blocks every change to the object until someone on the platform lifts it.",
  Quarantined: "Quarantine keeps the object out of every flow until a person has reviewed it.",
  Throttled: "The server sheds load from clients that send faster than their share of capacity.",
  Archived: "Archived objects stay readable for audits but can no longer be changed or used.",
};

// ---------------------------------------------------------------------------------------
// Page text. Causes and fixes per state, then shared ones; the shared pools are weighted
// so that their distinctive words are on few pages.

const STATE_CAUSES = {
  Exceeded: ["A loop created far more objects than the plan allows.", "Several services share one API key and together go past the allowance."],
  Invalid: ["The value was built by hand and fails validation.", "A field was truncated by a database column that is too short."],
  Expired: ["The value was stored and reused long after it was issued.", "The server clock and the client clock disagree by minutes."],
  Mismatch: ["Two services disagree about the stored value.", "The value was rounded differently on the client and the server."],
  Locked: ["Another request is still working on the same object.", "An administrator froze the object while an investigation is open."],
  Pending: ["An earlier change has not finished processing yet.", "A background job is still working through the queue."],
  Missing: ["The client forgot to send the field on this endpoint.", "An older SDK drops the field when it serialises the request."],
  Revoked: ["An administrator revoked the value from the dashboard.", "The value was rotated and the old one was withdrawn."],
  Rejected: ["A risk rule rejected the request after scoring it.", "The downstream provider refused the operation."],
  Unsupported: ["The value is valid elsewhere but not for this API version.", "The feature is not enabled on this plan."],
  Duplicated: ["The client retried without reusing its idempotency key.", "A double click sent the same form twice."],
  Suspended: ["Compliance suspended the object pending a review.", "Repeated failures suspended the object automatically."],
  Quarantined: ["Automated screening flagged the object as suspicious.", "A malware scan of an attachment did not finish cleanly."],
  Throttled: ["Bursts of traffic exceeded the per-second allowance.", "A retry storm after an outage multiplied the traffic."],
  Archived: ["The object is older than the retention period.", "The object was closed and moved to cold storage."],
};

const SHARED_CAUSES = [
  ["A cron job replays yesterday's requests after a restart.", 3],
  ["A spreadsheet import filled the field with stray whitespace.", 2],
  ["A stale cache in the client still holds an old copy.", 3],
  ["A feature flag sends a share of traffic to the new code path.", 2],
  ["A mobile app on an old release still calls the endpoint.", 2],
  ["A corporate proxy rewrites the request on its way out.", 1],
  ["A blue-green deployment briefly ran two versions side by side.", 1],
  ["A daylight saving change shifted a scheduled job by an hour.", 0.6],
];

// Field reports, one on about one page in eight: their words are on a handful of pages.
const RARE_CAUSES = [
  "A kiosk in a shop lost its network connection halfway through the request.",
  "A firmware update on a handheld barcode scanner changed the format it sends.",
  "A copy-paste from a chat client added a zero-width space that logs do not show.",
  "A base64 padding character was stripped by a URL encoder.",
  "Unicode normalisation turned an accented letter into two characters.",
  "A leap second in a partner's clock triggered it for a whole minute.",
  "A misconfigured Kubernetes liveness probe restarted workers halfway through.",
  "An Excel macro that rebuilds the request from cells reordered the fields.",
  "A tunnelling tool used in local development re-encoded the body.",
  "A partner on a satellite link timed out and sent the request again.",
  "A backup job that snapshots the database held its locks for minutes.",
  "A point-of-sale terminal in offline mode queued requests and sent them in one burst.",
  "Phones with a wrong clock setting sent timestamps from the future.",
  "A browser translation plugin rewrote the field names of a form.",
  "Emoji in a free-text field counted as several bytes towards a length check.",
  "A stress test was pointed at production by mistake.",
  "A forked client library pinned to an abandoned release kept the old format.",
  "A thermal printer that jammed resubmitted the same job.",
];

const STATE_FIXES = {
  Exceeded: ["Reduce the volume, or ask for a higher allowance from the dashboard."],
  Invalid: ["Validate the value against the schema before sending it."],
  Expired: ["Request a fresh value and retry with it."],
  Mismatch: ["Read the current value, reconcile the difference and send it again."],
  Locked: ["Wait until the other operation finishes, then retry."],
  Pending: ["Poll the object until its status settles, then retry."],
  Missing: ["Add the field to the request body and send it again."],
  Revoked: ["Issue a new value and update every service that uses it."],
  Rejected: ["Read the `decline_code` in the body before deciding to retry."],
  Unsupported: ["Use a supported value or upgrade the API version you pin."],
  Duplicated: ["Treat the earlier result as the answer instead of sending a second request."],
  Suspended: ["Contact support to lift the suspension; retrying will not help."],
  Quarantined: ["Wait for the manual review; the object is released or deleted within a day."],
  Throttled: ["Slow down with exponential backoff and jitter."],
  Archived: ["Restore the object from the archive before changing it."],
};

// States for which waiting helps: their pages name Retry-After.
const WAIT_STATES = new Set(["Exceeded", "Locked", "Pending", "Throttled", "Suspended"]);

const SHARED_FIXES = [
  ["Log the response body in full; it names the field at fault.", 3],
  ["Check the changelog for the API version your integration pins.", 2],
  ["Reproduce the call in the sandbox before changing production code.", 2],
  ["Add an alert when this code shows up more than a few times per hour.", 1],
  ["Ask the on-call engineer to check the status page for incidents.", 0.5],
  ["Replay the request from the audit trail once the cause is fixed.", 0.3],
];

const TECH_NOTES = [
  ["The response is JSON with an `error` object; its `type` never changes between API versions.", 4],
  ["The error is returned before any state is changed, so nothing needs to be rolled back.", 3],
  ["Client libraries raise this code as a typed exception you can catch on its own.", 2],
  ["The same code is sent over the streaming API as an error event.", 1],
  ["Partner integrations built on the GraphQL gateway see it under `extensions.code`.", 0.3],
];

const STATUS_FOR = {
  Exceeded: 429, Invalid: 422, Expired: 401, Mismatch: 409, Locked: 423, Pending: 409,
  Missing: 400, Revoked: 403, Rejected: 402, Unsupported: 415, Duplicated: 409,
  Suspended: 403, Quarantined: 403, Throttled: 429, Archived: 410,
};

const lower = (s) => s.toLowerCase();
const snake = (words) => words.map(lower).join("_");
const capitalize = (s) => s[0].toUpperCase() + s.slice(1);

/** The reasons of codes 1000 .. 999+n, each unique. */
function reasons(n) {
  const taken = new Set();
  const out = [];
  for (let code = 1000; code < 1000 + n; code++) {
    const rng = rngFor(code);
    let parts;
    do {
      parts = [weighted(rng, SUBJECTS), weighted(rng, QUALIFIERS), weighted(rng, STATES)];
    } while (taken.has(parts.join(" ")));
    taken.add(parts.join(" "));
    out.push({ code, parts, rng });
  }
  return out;
}

function describe({ parts, rng }) {
  const [s, q, state] = parts;
  return `${STATE_DESCRIPTION[state](lower(s), lower(q))} ${weighted(rng, CONTEXTS)}.`;
}

function page({ code, parts, rng }, reason, description) {
  const [s, q, state] = parts;
  const wait = WAIT_STATES.has(state);
  const headers = [];

  const intro = [
    `The API answers with ${code} ${reason} when ${description[0].toLowerCase()}${description.slice(1, -1)}.`,
    SUBJECT_TEXT[s],
    STATE_TEXT[state],
    `The response has HTTP status ${STATUS_FOR[state]} and an error of type \`${snake(parts)}\`.`,
  ];

  const causes = [...some(rng, STATE_CAUSES[state], 1 + Math.floor(rng() * 2))];
  const shared = new Set();
  while (shared.size < 2 + Math.floor(rng() * 2)) shared.add(weighted(rng, SHARED_CAUSES));
  causes.push(...shared);
  if (rng() < 0.125) causes.push(pick(rng, RARE_CAUSES));
  if (q === "Signature" && s === "Webhook") {
    causes.push("The endpoint checked the signature against a re-serialised body instead of the raw bytes, or the `X-Webhook-Timestamp` is too old.");
    headers.push("X-Webhook-Timestamp");
  }
  if (q === "Checksum") {
    causes.push("The `Content-Digest` header does not match the bytes that arrived.");
    headers.push("Content-Digest");
  }

  const fixes = [...STATE_FIXES[state]];
  if (wait) {
    fixes.push("Wait for the number of seconds in the `Retry-After` header before trying again.");
    headers.push("Retry-After");
  }
  if (state === "Duplicated" || (state === "Mismatch" && rng() < 0.5)) {
    fixes.push("Send one `Idempotency-Key` per logical operation and reuse it on every retry.");
    headers.push("Idempotency-Key");
  }
  if ((state === "Locked" || state === "Mismatch") && q === "Version") {
    fixes.push("Send the object's current `ETag` in `If-Match` so a stale write is refused.");
    headers.push("If-Match");
  }
  if (s === "Tenant" && (q === "Region" || q === "Key")) {
    fixes.push("Check that the `X-Tenant-Id` header names the tenant that owns the object.");
    headers.push("X-Tenant-Id");
  }
  if (rng() < 0.4) {
    fixes.push("Quote the `X-Request-Id` of the response when you contact support.");
    headers.push("X-Request-Id");
  }
  fixes.push(weighted(rng, SHARED_FIXES));

  const notes = [weighted(rng, TECH_NOTES)];
  const requestId = "req_" + Math.floor(rng() * 0xffffffff).toString(36).padStart(7, "0");
  const body = {
    error: {
      code,
      type: snake(parts),
      status: STATUS_FOR[state],
      message: `${capitalize(lower(s))} ${lower(q)} ${lower(state)}.`,
      request_id: requestId,
    },
  };
  if (wait) body.error.retry_after = 1 + Math.floor(rng() * 60);

  const lines = [
    intro.join(" "),
    "",
    "## Causes",
    "",
    ...causes.map((c) => `- ${c}`),
    "",
    "## What to do",
    "",
    ...fixes.map((f) => `- ${f}`),
    "",
    notes.join(" "),
    "",
    "## Example",
    "",
    "```json",
    JSON.stringify(body, null, 2),
    "```",
    "",
  ];
  return { text: lines.join("\n"), headers };
}

/** The synthetic site's codes: number, reason, description, page Markdown, headers named. */
export function syntheticCodes(n = 1000) {
  return reasons(n).map((r) => {
    const reason = r.parts.join(" ");
    const description = describe(r);
    const { text, headers } = page(r, reason, description);
    return { code: r.code, reason, parts: r.parts, description, page: text, headers };
  });
}

/** Writes the site of `n` codes (1000 .. 999+n) into `dir`, which exists and is empty. */
export function writeSyntheticSite(dir, n = 1000) {
  const codes = syntheticCodes(n);
  writeFileSync(
    path.join(dir, "book.toml"),
    `[book]\ntitle = "Synthetic API, ${n} codes"\n\n[table]\ncustom-codes = true\n`,
  );
  const content = path.join(dir, "content");
  mkdirSync(path.join(content, "codes"), { recursive: true });
  writeFileSync(
    path.join(content, "codes.txt"),
    codes.map((c) => `${c.code} ${c.reason}: ${c.description}\n`).join(""),
  );
  for (const c of codes) writeFileSync(path.join(content, "codes", `${c.code}.md`), c.page);
  return codes;
}
