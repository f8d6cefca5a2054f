package io.statuspage.gateway.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiKeysTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "OAuth key1        | key1",
    "oauth key1        | key1",
    "BEARER key1       | key1",
    "Bearer   key1     | key1",
    "key1              | ",
    "Basic dXNlcg==    | ",
    "Token key1        | ",
    "OAuth             | ",
  })
  void theAuthorizationHeaderNeedsASchemeInAnyCase(String header, String key) {
    assertEquals(key, ApiKeys.withoutScheme(header));
  }
}
