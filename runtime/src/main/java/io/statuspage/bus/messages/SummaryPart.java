package io.statuspage.bus.messages;

import io.statuspage.api.model.Summary;

/**
 * A service's answer to {@link io.statuspage.bus.Services#SNAPSHOT}: its share of the public page, the fields of the
 * contract's {@link Summary} it supplies. A gateway keeps each part as the JSON it received, reads it into its record
 * and fills one summary from all of them, in its list of parts' order.
 */
public interface SummaryPart {

  /** Sets this part's fields of {@code summary}. */
  void fill(Summary summary);
}
