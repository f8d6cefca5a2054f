package io.statuspage.gateway.page;

import io.statuspage.api.model.PageSummary;
import io.statuspage.api.model.PublicComponent;
import io.statuspage.api.model.Summary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscription pages: the Subscribe form (email and webhook), what a subscription answers, and the pages the
 * links in messages open (confirm, manage, unsubscribe). Pure functions, as {@link PublicPage}: the caller gives the
 * page's summary, the person's input and the service's answer. Every page works without JavaScript: each change is a
 * form POSTed to the gateway, and a link only ever shows a page with a button (a mail scanner that follows links
 * changes nothing).
 */
public final class SubscribePages {

  private SubscribePages() {
  }

  /** The deployment's page as the subscription pages need it: its name, components by group, the look. */
  public record Site(String pageName, List<Section> sections, PageView view) {

    public Site {
      sections = List.copyOf(sections);
      view = view == null ? PageView.defaults() : view;
    }

    Layout layout(String title, Layout.Nav nav) {
      return new Layout(title + " - " + pageName + " status", view.logoText() != null ? view.logoText() : pageName,
          nav, view);
    }

    /** The name of the component with this id, or the id itself when the page has no such component now. */
    String componentName(String id) {
      for (Section section : sections) {
        for (Choice choice : section.choices()) {
          if (choice.id().equals(id)) {
            return choice.name();
          }
        }
      }
      return id;
    }
  }

  /** One component a subscriber can choose; {@code index} makes its checkbox's HTML id (ids are opaque text). */
  public record Choice(String id, String name, int index) {
  }

  /** Components under one heading: a group's members, or the components in no group ({@code name} null). */
  public record Section(String name, List<Choice> choices) {

    public Section {
      choices = List.copyOf(choices);
    }
  }

  /**
   * What a person typed and ticked in one form, and what was wrong with it. Errors are by the HTML id of the field
   * they are about, in the order of the form, so the error summary can link to each.
   *
   * @param someComponents "only the components I choose" rather than all of them
   * @param chosen         the ids ticked
   */
  public record Form(String email, String endpoint, String format, boolean someComponents, Set<String> chosen,
                     Map<String, String> errors) {

    public Form {
      // in the order given: it is the order the subscriber's components are kept in
      chosen = chosen == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(chosen));
      errors = errors == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    public static Form blank() {
      return new Form(null, null, null, false, Set.of(), Map.of());
    }

    /** The form showing a subscriber's components: all, or those it chose. */
    public static Form of(List<String> components) {
      boolean some = components != null && !components.isEmpty();
      return new Form(null, null, null, some, some ? Set.copyOf(components) : Set.of(), Map.of());
    }

    public Form withErrors(Map<String, String> errors) {
      return new Form(email, endpoint, format, someComponents, chosen, errors);
    }

    public String error(String field) {
      return errors.get(field);
    }

    public boolean isChosen(String componentId) {
      return chosen.contains(componentId);
    }

    public boolean hasErrors() {
      return !errors.isEmpty();
    }
  }

  /** One line of the GOV.UK error summary: the message, linking to its field. */
  public record ErrorLink(String text, String href) {
  }

  /** The Subscribe page: both forms, one of them maybe with errors. */
  public record SubscribePage(Layout layout, Site site, Form email, Form webhook, List<ErrorLink> errorSummary) {
  }

  /** After a subscription: check your inbox (email), or the webhook's secret, shown this once. */
  public record SubscribedPage(Layout layout, Site site, boolean webhook, String address, String secret) {
  }

  /** A link's landing page: what the button does, and the button (a POST with the token). */
  public record ActionPage(Layout layout, String heading, String text, String action, String token, String button,
                           boolean warning) {
  }

  /** A page that says what happened (confirmed, unsubscribed, saved) and where to go next. */
  public record NoticePage(Layout layout, String heading, List<String> paragraphs, String linkText, String linkHref) {

    public NoticePage {
      paragraphs = List.copyOf(paragraphs);
    }
  }

  /**
   * The manage page: a subscriber's address and components, a form to change them and a button to unsubscribe.
   *
   * @param incident an incident's subscriber: it hears of that incident only, so there is nothing to choose
   * @param saved    the components were just changed (a success banner says so)
   */
  public record ManagePage(Layout layout, Site site, String token, boolean webhook, String address, boolean incident,
                           List<String> componentNames, Form form, List<ErrorLink> errorSummary, boolean saved) {
  }

  /** The page's name and components from a Statuspage v2 {@code summary.json} body. */
  public static Site site(JsonObject summary, PageView view) {
    Summary read = Summaries.read(summary == null ? new JsonObject() : summary);
    PageSummary page = read.getPage();
    String pageName = page == null || page.getName() == null || page.getName().isBlank() ? "Service" : page.getName();
    return new Site(pageName, sections(read.getComponents() == null ? List.of() : read.getComponents()), view);
  }

  /**
   * The components one can choose: every component, however it is shown on the page (one shown only when degraded
   * still has news), those in no group first, then each group's members under its name, in display order.
   */
  static List<Section> sections(List<PublicComponent> all) {
    Map<String, String> groupNames = new LinkedHashMap<>();
    Map<String, String> groupOf = new LinkedHashMap<>();
    for (PublicComponent c : all) {
      if (Boolean.TRUE.equals(c.getGroup()) && c.getId() != null) {
        groupNames.put(c.getId(), c.getName() == null || c.getName().isBlank() ? "Unnamed group" : c.getName());
        for (String member : c.getComponents() == null ? List.<String>of() : c.getComponents()) {
          groupOf.putIfAbsent(member, c.getId());
        }
      }
    }
    List<Choice> ungrouped = new ArrayList<>();
    Map<String, List<Choice>> grouped = new LinkedHashMap<>();
    groupNames.keySet().forEach(id -> grouped.put(id, new ArrayList<>()));
    int index = 0;
    for (PublicComponent c : all) {
      if (Boolean.TRUE.equals(c.getGroup()) || c.getId() == null) {
        continue;
      }
      Choice choice = new Choice(c.getId(), c.getName() == null || c.getName().isBlank() ? "Unnamed component"
          : c.getName(), ++index);
      String group = c.getGroupId() != null ? c.getGroupId() : groupOf.get(c.getId());
      if (group != null && grouped.containsKey(group)) {
        grouped.get(group).add(choice);
      } else {
        ungrouped.add(choice);
      }
    }
    List<Section> sections = new ArrayList<>();
    if (!ungrouped.isEmpty()) {
      sections.add(new Section(null, ungrouped));
    }
    grouped.forEach((id, members) -> {
      if (!members.isEmpty()) {
        sections.add(new Section(groupNames.get(id), members));
      }
    });
    return sections;
  }

  /** The Subscribe page; {@code email} or {@code webhook} carries what was sent and its errors when it failed. */
  public static String subscribe(Site site, Form email, Form webhook) {
    Form e = email == null ? Form.blank() : email;
    Form w = webhook == null ? Form.blank() : webhook;
    String title = e.hasErrors() || w.hasErrors() ? "Error: Subscribe to updates" : "Subscribe to updates";
    return Templates.render("pages/subscribe.jte", new SubscribePage(site.layout(title, Layout.Nav.SUBSCRIBE), site,
        e, w, summary(e.hasErrors() ? e : w)));
  }

  /** "Check your inbox": the same whether or not the address was subscribed already. */
  public static String checkInbox(Site site, String email) {
    return Templates.render("pages/subscribed.jte", new SubscribedPage(
        site.layout("Check your email", Layout.Nav.SUBSCRIBE), site, false, email, null));
  }

  /** A webhook registered: its secret this once (null when the endpoint was registered before). */
  public static String webhookRegistered(Site site, String endpoint, String secret) {
    return Templates.render("pages/subscribed.jte", new SubscribedPage(
        site.layout("Webhook registered", Layout.Nav.SUBSCRIBE), site, true, endpoint, secret));
  }

  /** What a confirmation link opens: a button that confirms (a GET never does). */
  public static String confirm(Site site, String token) {
    return Templates.render("pages/action.jte", new ActionPage(site.layout("Confirm your subscription",
        Layout.Nav.NONE), "Confirm your subscription", "Confirm that you want updates about " + site.pageName()
        + " by email.", "/subscribe/confirm", token, "Confirm subscription", false));
  }

  /** What an unsubscribe link opens: a button that unsubscribes. */
  public static String unsubscribe(Site site, String token) {
    return Templates.render("pages/action.jte", new ActionPage(site.layout("Unsubscribe", Layout.Nav.NONE),
        "Unsubscribe", "You will get no more updates about " + site.pageName() + ".", "/subscribe/unsubscribe", token,
        "Unsubscribe", true));
  }

  public static String confirmed(Site site) {
    return notice(site, "Subscription confirmed", List.of("You will get an email when " + site.pageName()
        + " has an incident or scheduled maintenance.", "Every email has a link to change what you hear about or to "
        + "unsubscribe."), "Go to the current status", "/");
  }

  public static String unsubscribed(Site site) {
    return notice(site, "You have unsubscribed", List.of("You will get no more updates about " + site.pageName()
        + "."), "Subscribe again", "/subscribe");
  }

  /** A page that says what happened. */
  public static String notice(Site site, String heading, List<String> paragraphs, String linkText, String linkHref) {
    return Templates.render("pages/notice.jte", new NoticePage(site.layout(heading, Layout.Nav.NONE), heading,
        paragraphs, linkText, linkHref));
  }

  /**
   * The manage page of {@code subscriber} (the contract's Subscriber), reached with {@code token}; {@code form} the
   * components as sent when saving them failed, else null.
   */
  public static String manage(Site site, String token, JsonObject subscriber, Form form, boolean saved) {
    boolean webhook = "webhook".equals(subscriber.getString("mode"));
    List<String> components = strings(subscriber.getJsonArray("components"));
    Form shown = form != null ? form : Form.of(components);
    String title = shown.hasErrors() ? "Error: Manage your subscription" : "Manage your subscription";
    return Templates.render("pages/manage.jte", new ManagePage(site.layout(title, Layout.Nav.NONE), site, token,
        webhook, webhook ? subscriber.getString("endpoint") : subscriber.getString("email"),
        subscriber.getString("incident_id") != null, components.stream().map(site::componentName).toList(), shown,
        summary(shown), saved));
  }

  private static List<ErrorLink> summary(Form form) {
    return form.errors().entrySet().stream().map(e -> new ErrorLink(e.getValue(), "#" + e.getKey())).toList();
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }
}
