// wagtail-modeltranslation's language picker has a button per language and shows or hides the
// fields whose label ends in " [code]". A translator's form holds only the fields of the
// languages they write, so the picker is told, before it starts, which languages this form
// has (read from the portal's own data-portal-language marks, not from Wagtail's markup):
// its buttons, what it shows first and what it restores from the last visit are limited to
// them. This runs when the picker says it has found the fields ("buildSets:done"), before
// it builds its buttons; its settings object is the one wagtail-modeltranslation prints into
// the page.
document.addEventListener("wagtail-modeltranslation:buildSets:done", function () {
  "use strict";
  var settings = window.wagtailModelTranslations;
  if (!settings) {
    return;
  }
  // Each language's field carries the portal's own mark, data-portal-language="ru"
  // (translations.panels.by_language sets it through the panel's attrs).
  var marked = Array.prototype.map.call(
    document.querySelectorAll("form [data-portal-language]"),
    function (element) { return element.getAttribute("data-portal-language"); }
  );
  var present = settings.languages.filter(function (code) {
    return marked.indexOf(code) !== -1;
  });
  if (!present.length) {
    return;
  }
  settings.languages = present;
  var shown = settings.locale_picker_default.filter(function (code) {
    return present.indexOf(code) !== -1;
  });
  settings.locale_picker_default = shown.length ? shown : [present[0]];
  try {
    var stored = JSON.parse(window.localStorage.getItem("initially_loaded_locale") || "null");
    if (stored) {
      Object.keys(stored).forEach(function (code) {
        if (present.indexOf(code) === -1) {
          delete stored[code];
        }
      });
      var anyShown = Object.keys(stored).some(function (code) { return stored[code]; });
      if (!anyShown) {
        stored[settings.locale_picker_default[0]] = true;
      }
      window.localStorage.setItem("initially_loaded_locale", JSON.stringify(stored));
    }
  } catch (error) {
    // No storage (private browsing): the picker starts from its defaults.
  }
}, { once: true });
