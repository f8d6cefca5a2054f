package io.statuspage.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Everything logged through java.util.logging (SLF4J ends there too) while installed, formatted as written. */
final class LogCapture extends Handler implements AutoCloseable {

  /** One line of log: its level, its text, and whether it carried a stack trace. */
  record Line(String level, String logger, String text, boolean stackTrace) {
  }

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  static LogCapture install() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  List<Line> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(new Line(record.getLevel().getName(), record.getLoggerName(), formatter.formatMessage(record),
      record.getThrown() != null));
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
