package io.statuspage.bus.messages;

import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.Status;
import io.statuspage.api.model.Summary;

import java.util.ArrayList;
import java.util.List;

/**
 * Reply to {@code snapshot} on {@link io.statuspage.bus.Services.Component#ADDRESS}: the page, its components and its
 * overall status, as the public API shows them.
 *
 * <p>Payload: {@code {"page": PageSummary, "components": [PublicComponent], "status": Status}}, components in display
 * order (each group followed by its members), the page's {@code updated_at} the latest of the page's and its
 * components'.
 *
 * <p>Sender: component-service. Consumers: gateways, for their snapshot (the part named {@code components}), which
 * cannot be drawn without it.
 */
public record ComponentsPart(PageSummary page, List<PublicComponent> components, Status status)
  implements SummaryPart {

  public ComponentsPart {
    components = components == null ? List.of() : components;
  }

  @Override
  public void fill(Summary summary) {
    summary.page(page).components(new ArrayList<>(components)).status(status);
  }
}
