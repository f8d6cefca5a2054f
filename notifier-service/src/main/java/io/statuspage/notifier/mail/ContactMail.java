package io.statuspage.notifier.mail;

/** What a quarantined (or gone) webhook's contact is told (templates {@code contact.jte}). */
public record ContactMail(String subject, String pageName, String endpoint, boolean gone, String detail,
                          String manageUrl, String unsubscribeUrl) {
}
