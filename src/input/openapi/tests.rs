use super::*;
use std::path::Path;
use std::sync::Arc;

fn parse(name: &str, text: &str) -> (Option<OpenApi>, Vec<String>) {
    let source = SourceFile::new(Arc::from(Path::new(name)), text.to_string());
    let (api, problems) = OpenApi::parse(source);
    (api, problems.iter().map(Diagnostic::one_line).collect())
}

const ORDERS: &str = r##"openapi: 3.1.0
info: {title: Orders, version: "1"}
servers:
  - url: https://{host}/v1
    variables: {host: {default: api.example.com}}
security: [{token: []}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Api-Key}
  responses:
    NotFound:
      description: No such order.
      content:
        application/problem+json:
          example: {type: "https://api.example.com/problems/not-found", status: 404}
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: {type: string, example: ord_1, readOnly: true}
        cart_id: {type: string}
        total: {type: number, minimum: 0}
        created_at: {type: string, format: date-time, readOnly: true}
        parent: {$ref: "#/components/schemas/Order"}
paths:
  /orders:
    post:
      operationId: createOrder
      summary: Place an order
      tags: [Orders]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
        4XX: {description: A client error.}
  /orders/{order_id}:
    parameters:
      - {name: order_id, in: path, required: true, schema: {type: string, example: ord_5Kp9}}
    get:
      operationId: getOrder
      security: [{key: []}]
      responses:
        200: {description: The order.}
        404: {$ref: "#/components/responses/NotFound"}
        default: {description: Anything else.}
    delete:
      security: []
      responses:
        '204': {description: Deleted.}
"##;

#[test]
fn operations_codes_servers_and_credentials_are_read() {
    let (api, problems) = parse("openapi.yaml", ORDERS);
    assert!(problems.is_empty(), "{problems:?}");
    let api = api.unwrap();
    assert_eq!(api.version, "3.1.0");
    assert_eq!(api.title.as_deref(), Some("Orders"));
    let names: Vec<String> = api
        .operations
        .iter()
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    assert_eq!(
        names,
        [
            "POST /orders",
            "GET /orders/{order_id}",
            "DELETE /orders/{order_id}"
        ]
    );
    let get = &api.operations[1];
    assert_eq!(get.server.as_deref(), Some("https://api.example.com/v1"));
    assert_eq!(get.security, Security::Header("X-Api-Key".into()));
    assert_eq!(api.operations[0].security, Security::Bearer);
    assert_eq!(api.operations[2].security, Security::None);
    let (api, _) = parse("a.yaml", &ORDERS.replace("security: [{token: []}]\n", ""));
    assert_eq!(api.unwrap().operations[0].security, Security::Unspecified);
    assert_eq!(get.path_methods, ["GET", "DELETE"]);
    let keys: Vec<String> = get.responses.iter().map(|r| r.key.to_string()).collect();
    assert_eq!(keys, ["200", "404", "default"]);
    assert_eq!(get.responses[1].description, "No such order.");
    assert!(ResponseKey::Range(4).covers(418));
    assert!(!ResponseKey::Range(4).covers(500));
    assert!(ResponseKey::Default.covers(500));
}

#[test]
fn bodies_come_from_examples_else_from_schemas() {
    let api = parse("openapi.yaml", ORDERS).0.unwrap();
    let get = &api.operations[1];
    let not_found = api.response_body(&get.responses[1]).unwrap();
    assert!(not_found.written);
    assert_eq!(not_found.content_type, "application/problem+json");
    assert!(not_found.text().contains("\"status\": 404"));
    let post = &api.operations[0];
    let created = api.response_body(&post.responses[0]).unwrap();
    assert!(!created.written);
    assert_eq!(
        created.value.to_json(false),
        r#"{"id":"ord_1","cart_id":"string","total":0,"created_at":"2025-01-14T10:15:00Z","parent":null}"#
    );
    let request = api.request_body(post).unwrap();
    assert_eq!(
        request.value.to_json(false),
        r#"{"cart_id":"string","total":0,"parent":null}"#
    );
    let parameters = api.parameters(get);
    assert_eq!(parameters.len(), 1);
    assert_eq!(parameters[0].value.as_deref(), Some("ord_5Kp9"));
    assert!(parameters[0].required);
}

#[test]
fn json_documents_read_the_same() {
    let yaml = parse("a.yaml", ORDERS).0.unwrap();
    let json = yaml.root.to_json(true);
    let (api, problems) = parse("a.json", &json);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(api.unwrap().operations.len(), 3);
}

#[test]
fn unsupported_versions_are_located_errors() {
    let (_, problems) = parse("s.yaml", "swagger: '2.0'\ninfo: {}\n");
    assert_eq!(
        problems,
        ["s.yaml:1:1: error: Swagger 2.0 is not supported: statusbook reads OpenAPI 3.0 and 3.1"]
    );
    let (_, problems) = parse("s.yaml", "info: {}\nopenapi: 2.5.0\n");
    assert_eq!(
        problems,
        [
            "s.yaml:2:10: error: OpenAPI 2.5.0 is not supported: statusbook reads OpenAPI 3.0 and 3.1"
        ]
    );
    let (_, problems) = parse("s.yaml", "info: {}\n");
    assert_eq!(
        problems,
        ["s.yaml:1:1: error: the document has no `openapi` version"]
    );
    let (_, problems) = parse("s.yaml", "- a\n");
    assert_eq!(
        problems,
        ["s.yaml:1:1: error: an OpenAPI document is a map, not a list"]
    );
    let (_, problems) = parse("s.json", "{}");
    assert_eq!(
        problems,
        ["s.json:1:1: error: the document has no `openapi` version"]
    );
}

#[test]
fn bad_shapes_and_references_are_located_errors() {
    let (api, problems) = parse(
        "s.yaml",
        "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        20: {description: x}\n        '404': {$ref: '#/components/responses/Gone'}\n  b: {}\n  /c: [1]\n",
    );
    assert!(api.is_none());
    assert_eq!(
        problems,
        [
            "s.yaml:6:9: error: `20` is not a response code",
            "s.yaml:7:23: error: `$ref` to `#/components/responses/Gone` names nothing in this document",
            "s.yaml:8:3: error: path `b` does not start with `/`",
            "s.yaml:9:7: error: path `/c` is a list, not a map of operations",
        ]
    );
}
