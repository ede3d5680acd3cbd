// "Suggest machine translation" in the editor's translation status panel (translations.suggest).
// The button names the text (a field, or a block of a StreamField by its id) and the inputs
// that hold it; this asks the portal for the machine's suggestion and writes it into those
// inputs. Nothing is saved: the editor reads, edits and saves as usual. When the service
// fails, the message says why and the form keeps what it holds. Every sentence comes from the
// page (data attributes written in the editor's language).
// Rich text (data-reload): the portal writes the suggestion into a new draft revision and this
// reloads the editor to show it; asked only when the form has no unsaved changes (the form's
// data as serialised before the person first touched it, against now), with the revision the editor loaded
// (Wagtail's loaded_revision_id), which the portal checks is still the latest.
(function () {
  "use strict";

  var loaded = null;

  function serialised(form) {
    if (!form || form === document || typeof FormData === "undefined") {
      return "";
    }
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name.indexOf("loaded_revision") === 0) {
        return;
      }
      parts.push([name, typeof value === "string" ? value : (value && value.name) || ""]);
    });
    return JSON.stringify(parts);
  }

  function pageForm() {
    var panel = document.querySelector("[data-translation-status]");
    return panel ? panel.closest("form") : null;
  }

  // The form as loaded, read at the person's first key, click, paste or drop, before it can
  // change anything (the editor's widgets have set up their inputs by then; the rich text
  // editor writes its own); none yet: nothing was changed.
  ["keydown", "beforeinput", "mousedown", "touchstart", "paste", "drop"].forEach(function (name) {
    document.addEventListener(name, function () {
      if (loaded === null) {
        loaded = serialised(pageForm());
      }
    }, true);
  });

  function suggestIntoDraft(button, panel, form) {
    if (loaded !== null && serialised(form) !== loaded) {
      say(button, panel.dataset.suggestUnsaved, true);
      return;
    }
    var revision = form.querySelector('input[name="loaded_revision_id"]');
    ask(button, panel, form, { revision: revision ? revision.value : "" }, "reload")
      .then(function (answer) {
        say(button, answer.message, false);
        // Nothing unsaved (checked above): leave without Wagtail's "unsaved changes" question.
        window.location.reload();
      }).catch(function (error) {
        say(button, error.message || panel.dataset.suggestUnreachable, true);
        button.disabled = false;
      });
  }

  // Posts the button's text key and language with ``fields`` to the suggestion view; resolves
  // with its answer when it holds ``expected``, else fails with the message to show.
  function ask(button, panel, form, fields, expected) {
    var body = new FormData();
    body.append("field", button.dataset.field);
    body.append("language", button.dataset.language);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    button.disabled = true;
    say(button, panel.dataset.suggestBusy, false);
    return fetch(button.dataset.suggestUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok || !answer[expected]) {
          throw new Error(answer.error || panel.dataset.suggestUnreachable);
        }
        return answer;
      });
    });
  }

  function inputsFor(button, form) {
    var base = button.dataset.input;
    var prefix = base;
    if (button.dataset.block) {
      prefix = null;
      var ids = form.querySelectorAll('input[name^="' + base + '-"][name$="-id"]');
      Array.prototype.forEach.call(ids, function (element) {
        if (element.value === button.dataset.block && element.name.split("-").length === 3) {
          prefix = element.name.slice(0, -3);
        }
      });
      if (!prefix) {
        return null;
      }
    }
    var found = {};
    var suffixes = JSON.parse(button.dataset.suffixes || "[]");
    for (var i = 0; i < suffixes.length; i += 1) {
      var element = form.querySelector('[name="' + prefix + suffixes[i] + '"]');
      if (!element) {
        return null;
      }
      found[suffixes[i]] = element;
    }
    return found;
  }

  function say(button, text, isError) {
    var status = button.nextElementSibling;
    if (status) {
      status.textContent = text;
      status.classList.toggle("error-message", Boolean(isError));
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-suggest-url]");
    if (!button) {
      return;
    }
    event.preventDefault();
    var panel = button.closest("[data-translation-status]");
    var form = button.closest("form") || document;
    if (button.dataset.reload !== undefined) {
      suggestIntoDraft(button, panel, form);
      return;
    }
    var inputs = inputsFor(button, form);
    if (!inputs) {
      say(button, panel.dataset.suggestNoField, true);
      return;
    }
    var current = {};
    Object.keys(inputs).forEach(function (suffix) { current[suffix] = inputs[suffix].value; });
    ask(button, panel, form, { current: JSON.stringify(current) }, "texts").then(function (answer) {
      var written = Object.keys(answer.texts).some(function (suffix) {
        var value = inputs[suffix].value.trim();
        return value && value !== answer.texts[suffix] && value !== (answer.sources || {})[suffix];
      });
      if (written && !window.confirm(panel.dataset.suggestReplace)) {
        say(button, "", false);
        return;
      }
      Object.keys(answer.texts).forEach(function (suffix) {
        var input = inputs[suffix];
        input.value = answer.texts[suffix];
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      say(button, answer.message, false);
    }).catch(function (error) {
      say(button, error.message || panel.dataset.suggestUnreachable, true);
    }).then(function () {
      button.disabled = false;
    });
  });
}());
