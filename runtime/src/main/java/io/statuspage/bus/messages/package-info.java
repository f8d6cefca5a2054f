/**
 * Every shape that travels only on the event bus, one record each; the HTTP contract's shapes are the generated
 * models of {@code io.statuspage.api.model}, which these records hold where the contract has the shape. Each record
 * says its name (the event type, action or address it travels under), its payload, who sends it and who consumes it;
 * {@link io.statuspage.bus.Services} keeps the addresses and names and points here.
 *
 * <p>A sender writes a record with {@code JsonObject.mapFrom(record)}, a receiver reads it with
 * {@code json.mapTo(Record.class)}, both on the suite's mapper ({@link io.statuspage.runtime.Json#configure()}): keys
 * in snake_case, in the record's order, nulls written; keys a receiver does not know are ignored, so a sender may add
 * one first.
 *
 * <ul>
 *   <li>{@link io.statuspage.bus.messages.Event}: the envelope of every domain event;</li>
 *   <li>{@link io.statuspage.bus.messages.ComponentStatusChanged} and
 *   {@link io.statuspage.bus.messages.ComponentChanged}: component-service's events;</li>
 *   <li>{@link io.statuspage.bus.messages.IncidentChanged}: incident-service's events;</li>
 *   <li>{@link io.statuspage.bus.messages.ComponentsPart}, {@link io.statuspage.bus.messages.IncidentsPart} and
 *   {@link io.statuspage.bus.messages.UptimePart}: the answers to {@code snapshot}, each a
 *   {@link io.statuspage.bus.messages.SummaryPart};</li>
 *   <li>{@link io.statuspage.bus.messages.PingReply}: the answer to {@code ping};</li>
 *   <li>{@link io.statuspage.bus.messages.Receipt}: a durable consumer's acknowledgement of an event.</li>
 * </ul>
 */
package io.statuspage.bus.messages;
