package io.statuspage.notifier.mail;

/** What the double opt-in mail shows (templates {@code confirmation.jte}). */
public record ConfirmationMail(String subject, String pageName, String confirmUrl, long validDays, String manageUrl,
                               String unsubscribeUrl) {
}
