package io.statuspage.gateway.page;

/**
 * One page of the incident history ({@code pages/history.jte}).
 *
 * @param layout   the chrome
 * @param pageName the page's name
 * @param page     its months and the links to newer and older ones
 */
public record HistoryView(Layout layout, String pageName, IncidentLog.HistoryPage page) {
}
