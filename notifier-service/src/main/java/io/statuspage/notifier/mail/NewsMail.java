package io.statuspage.notifier.mail;

import java.util.List;

/** What an incident or maintenance mail shows (templates {@code news.jte}); every text here is untrusted. */
public record NewsMail(String subject, String pageName, String name, String status, String window, String body,
                       List<String> components, String incidentUrl, String manageUrl, String unsubscribeUrl) {
}
