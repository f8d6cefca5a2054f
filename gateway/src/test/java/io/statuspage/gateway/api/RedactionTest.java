package io.statuspage.gateway.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/v1/pages                                                  | /v1/pages",
    "/v1/pages?api_key=short                                    | /v1/pages?api_key=****",
    "/v1/pages?page=2&per_page=10                               | /v1/pages?page=2&per_page=10",
    "/v1/pages?x=sp_0123456789abcdefghijklmnopqrstuvwxyz0123    | /v1/pages?x=****",
    "/v1/pages?token=abc&q=incident                             | /v1/pages?token=****&q=incident",
    "/v1/pages?sp_0123456789abcdefghijklmnopqrstuvwxyz0123      | /v1/pages?****",
    "/v1/pages?Authorization=OAuth%20k                          | /v1/pages?Authorization=****",
  })
  void queryValuesThatAreOrLookLikeKeysAreMasked(String uri, String logged) {
    assertEquals(logged, Redaction.target(uri));
  }
}
