package io.statuspage.gateway.api;

import io.statuspage.bus.ServiceError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestTargetTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/v1/pages/abc", "/v1/pages/a%20b", "/v1/pages/%C3%A9t%C3%A9", "/v1/pages/%22x%22",
    "/v1/pages/-1", "/api/v2/summary.json", "/v1/pages/a+b", "/v1/pages/x.json", "/v1/pages/...", "/v1//pages"})
  void acceptsWhatNamesOneResource(String path) {
    assertNull(RequestTarget.problem(path, null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/v1/pages/a/../b          | path",
    "/v1/pages/./b             | path",
    "/v1/pages/%2e%2e/b        | path",
    "/v1/pages/.%2E            | path",
    "/v1/pages/a%2Fb           | path",
    "/v1/pages/a%5cb           | path",
    "/v1/pages/%zz             | path",
    "/v1/pages/%               | path",
    "/v1/pages/%4              | path",
    "/v1/pages/%C3%28          | path",
    "/v1/pages/%FF             | path",
    "/v1/pages/%00             | path",
    "/v1/pages/a%0Ab           | path",
    "/v1/pages/pagés           | path",
    "v1/pages                  | path",
    "*                         | path",
  })
  void refusesPathsThatRouteAndParametersCouldReadApart(String path, String field) {
    ServiceError error = RequestTarget.problem(path, null);
    assertNotNull(error, path);
    assertEquals(400, error.status());
    assertEquals(field, error.field());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "x=%            | x",
    "api_key=%zz    | api_key",
    "%zz=1          | query",
    "a=%C3%28       | a",
    "a=%00          | a",
    "a=1&b=%        | b",
  })
  void refusesMalformedQueriesNamingTheParameterNeverTheValue(String query, String field) {
    ServiceError error = RequestTarget.problem("/v1/pages", query);
    assertNotNull(error, query);
    assertEquals(field, error.field());
    assertEquals(false, error.getMessage().contains(query), "the query is not echoed: " + error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"page=1", "a=%20b+c", "x", "&&", "q=%E2%9C%93", "api_key=sp_abc"})
  void acceptsWellFormedQueries(String query) {
    assertNull(RequestTarget.problem("/v1/pages", query));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "a%20b      | a b",
    "a+b        | a+b",
    "%C3%A9     | é",
    "%22x%22    | \"x\"",
  })
  void pathSegmentsDecodeOnceAndLiterally(String raw, String decoded) {
    assertEquals(decoded, RequestTarget.decode(raw, false));
  }
}
