package io.statuspage.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** JSON conventions of the whole suite. */
public final class Json {

  /** Statuspage's timestamp form: milliseconds and the page's offset, {@code 2024-09-16T21:31:02.719Z}. */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private static volatile boolean configured;

  private Json() {
  }

  /** Teaches Vert.x's Jackson mapper java.time, once per JVM. */
  public static synchronized void configure() {
    if (configured) {
      return;
    }
    SimpleModule timestamps = new SimpleModule("statuspage-timestamps");
    timestamps.addSerializer(OffsetDateTime.class, new StdSerializer<>(OffsetDateTime.class) {
      @Override
      public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(TIMESTAMP.format(value));
      }
    });
    DatabindCodec.mapper()
      .registerModule(new JavaTimeModule())
      .registerModule(timestamps)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    configured = true;
  }

  public static String timestamp(OffsetDateTime at, ZoneId zone) {
    return at == null ? null : TIMESTAMP.format(at.atZoneSameInstant(zone));
  }
}
