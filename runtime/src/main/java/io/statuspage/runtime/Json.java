package io.statuspage.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.statuspage.api.ContractModule;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * JSON conventions of the whole suite, on Vert.x's Jackson mapper ({@link DatabindCodec#mapper()}), which
 * {@code JsonObject.mapFrom} and {@code mapTo} use: the contract's models and the bus messages are written and read
 * with it.
 */
public final class Json {

  /** Statuspage's timestamp form: milliseconds and the page's offset, {@code 2024-09-16T21:31:02.719Z}. */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private static volatile boolean configured;

  private Json() {
  }

  /**
   * Configures the mapper once per JVM: java.time, with an {@link OffsetDateTime} written in {@link #TIMESTAMP} at
   * its own offset and read back keeping that offset (so a timestamp passed on is the same text); the contract's
   * {@link ContractModule}; fields a reader does not know are ignored, so a sender may add one before its readers do.
   */
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
      .registerModule(new ContractModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    configured = true;
  }

  /** {@code at} as the page shows it, at {@code zone}'s offset at that instant; null stays null. */
  public static OffsetDateTime inZone(OffsetDateTime at, ZoneId zone) {
    return at == null ? null : at.atZoneSameInstant(zone).toOffsetDateTime();
  }
}
