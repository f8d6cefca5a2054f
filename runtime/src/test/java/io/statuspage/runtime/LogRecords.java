package io.statuspage.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What a logger and those below it record while a test runs (SLF4J ends in java.util.logging here). Holds its
 * logger, as the log manager keeps loggers only weakly and the handler must stay on this one.
 */
public final class LogRecords extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private LogRecords(Logger logger) {
    this.logger = logger;
  }

  /** Captures {@code name} ("" for everything), at {@code level} and above. */
  public static LogRecords of(String name, Level level) {
    LogRecords capture = new LogRecords(Logger.getLogger(name));
    capture.logger.setLevel(level);
    capture.logger.addHandler(capture);
    return capture;
  }

  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** A record's message as it is written, parameters filled in. */
  public String text(LogRecord record) {
    return formatter.formatMessage(record);
  }

  /** Level and text of each record, for assertion messages. */
  public List<String> lines() {
    return records.stream().map(r -> r.getLevel() + " " + text(r)).toList();
  }

  public void clear() {
    records.clear();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
