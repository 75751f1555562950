use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::base::source::SourceFile;

fn read(text: &str) -> OpenApi {
    let source = SourceFile::new(Arc::from(Path::new("api.yaml")), text.to_string());
    let (api, problems) = OpenApi::parse(source);
    assert!(problems.is_empty(), "{problems:?}");
    api.unwrap()
}

const SHOP: &str = r##"openapi: 3.1.0
servers: [{url: "https://api.shop.test/v2"}]
paths:
  /users/{id}:
    get:
      operationId: getUser
      responses:
        '200': {description: The user.}
        4XX: {description: A client error.}
        default: {description: Something broke.}
  /users/me:
    get:
      operationId: me
      responses:
        '200': {description: You.}
  /files/{name}.{ext}:
    get:
      operationId: getFile
      deprecated: true
      responses:
        '404':
          description: No such file.
          content:
            application/json:
              example: {type: x, title: Gone, status: 404}
  /legacy:
    post:
      operationId: legacy
      responses:
        default: {description: successful operation}
"##;

#[test]
fn a_code_takes_its_own_response_then_its_class_then_default() {
    let api = read(SHOP);
    let get_user = &api.operations[0];
    let key = |code| response_for(get_user, code).map(|i| get_user.responses[i].key);
    assert_eq!(key(200), Some(ResponseKey::Code(200)));
    assert_eq!(key(404), Some(ResponseKey::Range(4)));
    assert_eq!(key(503), Some(ResponseKey::Default));
    // Beside a success, `default` is the error response: it does not cover a redirect.
    assert_eq!(key(301), None);
    // Alone, `default` is the success response, as Swagger's Petstore writes it.
    let legacy = &api.operations[3];
    assert_eq!(response_for(legacy, 201), Some(0));
    assert_eq!(response_for(legacy, 404), None);
}

#[test]
fn requests_find_their_operation_by_method_and_path_template() {
    let api = read(SHOP);
    let name = |method, target| {
        operation_of(&api, method, target).and_then(|i| api.operations[i].operation_id.clone())
    };
    assert_eq!(name("GET", "/v2/users/usr_1").as_deref(), Some("getUser"));
    // The written path wins over a variable.
    assert_eq!(name("GET", "/v2/users/me").as_deref(), Some("me"));
    assert_eq!(
        name("get", "/v2/users/usr_1?fields=name").as_deref(),
        Some("getUser")
    );
    assert_eq!(
        name("GET", "https://api.shop.test/v2/files/report.pdf").as_deref(),
        Some("getFile")
    );
    // Without the server's path too, as a page may write it.
    assert_eq!(name("GET", "/users/usr_1").as_deref(), Some("getUser"));
    assert_eq!(name("DELETE", "/v2/users/usr_1"), None);
    assert_eq!(name("GET", "/v2/users"), None);
    assert_eq!(name("GET", "/v2/users/usr_1/keys"), None);
    assert_eq!(name("GET", "/v2/files/report"), None);
    assert_eq!(name("GET", "/v2/files/.pdf"), None);
}

#[test]
fn examples_prefer_a_written_body_that_agrees_with_the_code() {
    let api = read(SHOP);
    let returned = returned_by(&api, 404);
    let names: Vec<_> = returned.iter().map(|r| r.operation).collect();
    assert_eq!(names, [0, 2]);
    let chosen = choose(&api, 404, &returned, "GET").unwrap();
    assert_eq!(
        chosen.operation, 2,
        "the written example, deprecated or not"
    );
    assert!(chosen.body.unwrap().written);
    // A written example whose problem details say another status is not shown for this
    // one: the operation still declares the code, so it is still the example's, with a
    // body in the site's error format.
    let api = read(&SHOP.replace("status: 404", "status: 410"));
    let chosen = choose(&api, 404, &returned_by(&api, 404), "GET").unwrap();
    assert_eq!(chosen.operation, 2);
    assert!(chosen.body.is_none());
    assert!(!chosen.no_content);
    // Of two that cover it by class or default alone, the generated example's method first.
    let chosen = choose(&api, 400, &returned_by(&api, 400), "GET").unwrap();
    assert_eq!((chosen.operation, chosen.response), (0, Some(1)));
    assert!(chosen.no_content, "the 4XX response declares no content");
}

#[test]
fn custom_codes_match_only_their_own_responses() {
    let api = read(SHOP);
    assert!(returned_by(&api, 20003).is_empty());
    assert!(returned_by(&api, 70000).is_empty());
}
