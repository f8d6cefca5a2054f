package io.statuspage.gateway.page;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServedBodyTest {

  private static final Buffer PAGE = Buffer.buffer("<p>All systems operational</p>\n".repeat(200));

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
    "gzip                                   | true",
    "GZip                                   | true",
    "x-gzip                                 | true",
    "gzip, deflate, br, zstd                | true",
    "br;q=1.0, gzip;q=0.8, *;q=0.1          | true",
    "gzip;q=0                               | false",
    "gzip; q=0.000                          | false",
    "gzip;q=oops                            | false",
    "*                                      | true",
    "*;q=0                                  | false",
    "gzip;q=0, *                            | false",
    "*, gzip;q=0                            | false",
    "br, deflate                            | false",
    "identity                               | false",
    "''                                     | false",
    "NULL                                   | false"})
  void negotiatesGzipAsRfc9110Says(String acceptEncoding, boolean gzip) {
    assertEquals(gzip, ServedBody.acceptsGzip(acceptEncoding));
    assertEquals(gzip, ServedBody.text(PAGE, "\"e\"").gzipFor(acceptEncoding));
  }

  @Test
  void theGzipFormIsTheSameBytesCompressedOnceWithItsOwnTag() throws IOException {
    ServedBody body = ServedBody.text(PAGE, "\"abc\"");
    Buffer gzip = body.gzip();
    assertTrue(gzip.length() < PAGE.length() / 10, "compressed: " + gzip.length());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.getBytes()))) {
      assertArrayEquals(PAGE.getBytes(), in.readAllBytes());
    }
    assertSame(gzip, body.gzip(), "made once");
    assertEquals("\"abc-gzip\"", body.gzipEtag());
    assertNotEquals(body.etag(), body.gzipEtag());
  }

  @Test
  void smallAndAlreadyCompressedBodiesAreServedAsTheyAre() {
    assertFalse(ServedBody.text(Buffer.buffer("{\"status\":\"ok\"}"), "\"s\"").gzipFor("gzip"));
    assertFalse(ServedBody.binary(PAGE, "\"png\"").gzipFor("gzip"));
  }
}
