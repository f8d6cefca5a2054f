package io.statuspage.gateway.page;

/** One entry of the page's component list: a component, or a group with its members. */
public sealed interface ComponentItem permits ComponentRow, ComponentGroup {
}
