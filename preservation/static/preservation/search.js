/* Search in the archived copy of the memorial portal, in the reader's browser.
 *
 * Reads window.archiveSearchIndex (search-index.js beside the search page, written by
 * preservation/search.py with the live search's rules as data) and the query in ?q=, and lists
 * the matching pages in the element [data-archive-search]. Works opened from disk: no fetch,
 * no modules. The same functions run under Node in the tests (module.exports at the end).
 */
(function (root) {
  "use strict";

  var WORD = /[\p{L}\p{N}]+/gu;

  function fold(text, rules) {
    var out = "";
    var normal = String(text || "").normalize("NFC");
    for (var i = 0; i < normal.length; i++) {
      var ch = normal[i];
      out += Object.prototype.hasOwnProperty.call(rules.fold, ch) ? rules.fold[ch] : ch;
    }
    return out.toLowerCase();
  }

  function words(text, rules) {
    return (String(text || "").match(WORD) || []).map(function (word) {
      return fold(word, rules);
    });
  }

  function azerbaijaniStem(word, rules) {
    for (var i = 0; i < rules.suffixes.length; i++) {
      var suffix = rules.suffixes[i];
      if (word.endsWith(suffix) && word.length - suffix.length >= rules.minStem + 1) {
        return word.slice(0, word.length - suffix.length);
      }
    }
    return word;
  }

  /* The keys of a folded word: as preservation.search.word_keys. */
  function wordKeys(word, rules) {
    var keys = [word];
    if (Object.prototype.hasOwnProperty.call(rules.names, word)) {
      keys.push("#name:" + rules.names[word]);
    }
    for (var cut = 0; cut < 3; cut++) {
      if (word.length - cut >= rules.minStem + 1) keys.push("~" + word.slice(0, word.length - cut));
    }
    var stem = azerbaijaniStem(word, rules);
    if (stem !== word) keys.push("~" + stem);
    return keys;
  }

  function queryTerms(query, rules) {
    var text = String(query || "").slice(0, rules.maxLength);
    return words(text, rules).slice(0, rules.maxTerms);
  }

  function postingsOf(term, index) {
    var found = {};
    wordKeys(term, index.rules).forEach(function (key) {
      var list = index.keys[key];
      if (!list) return;
      for (var i = 0; i < list.length; i += 2) {
        found[list[i]] = Math.max(found[list[i]] || 0, list[i + 1]);
      }
    });
    return found;
  }

  function sharesKey(word, term, rules, cache) {
    var id = word + "\u0000" + term;
    if (!(id in cache)) {
      var keys = wordKeys(word, rules);
      var wanted = wordKeys(term, rules);
      cache[id] = keys.some(function (key) { return wanted.indexOf(key) >= 0; });
    }
    return cache[id];
  }

  /* How much of the best-matching title the query covers (0 when no title holds every term). */
  function coverage(titles, terms, rules, cache) {
    var best = 0;
    titles.forEach(function (title) {
      var titleWords = words(title, rules);
      if (!titleWords.length) return;
      var hit = 0;
      var covered = terms.map(function () { return false; });
      titleWords.forEach(function (word) {
        var any = false;
        terms.forEach(function (term, n) {
          if (sharesKey(word, term, rules, cache)) { covered[n] = true; any = true; }
        });
        if (any) hit += 1;
      });
      if (covered.every(Boolean)) best = Math.max(best, hit / titleWords.length);
    });
    return best;
  }

  /* The matching documents, best first: as core.search.rank orders the live results. */
  function search(query, index) {
    var rules = index.rules;
    var terms = queryTerms(query, rules);
    if (!terms.length) return [];
    var matching = null;
    terms.forEach(function (term) {
      var found = postingsOf(term, index);
      if (matching === null) {
        matching = found;
        return;
      }
      var both = {};
      Object.keys(matching).forEach(function (doc) {
        if (doc in found) both[doc] = matching[doc] + found[doc];
      });
      matching = both;
    });
    var cache = {};
    var ranked = Object.keys(matching).map(function (doc) {
      var entry = index.docs[doc];
      var inOwn = coverage([entry[1]], terms, rules, cache);
      var cover = inOwn || coverage(entry[5], terms, rules, cache);
      return {
        doc: Number(doc), url: entry[0], title: entry[1], titleLanguage: entry[2],
        snippet: entry[3], key: [cover ? 0 : 1, cover ? -entry[4] : 0, inOwn ? 0 : 1, -cover,
          -matching[doc], Number(doc)]
      };
    });
    ranked.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) {
        if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      }
      return 0;
    });
    return ranked;
  }

  function show(element, index) {
    var params = new URLSearchParams(root.location.search);
    var query = (params.get("q") || "").trim();
    var input = document.querySelector(".search-page input[name=q]");
    if (input) input.value = query;
    var messages = document.querySelectorAll(".search-page__message");
    var status = element.querySelector("[data-archive-status]");
    var list = element.querySelector("ol");
    if (!query) return;
    messages.forEach(function (message) { message.hidden = true; });
    var results = search(query, index);
    var siteRoot = element.getAttribute("data-root");
    status.textContent = results.length
      ? element.getAttribute("data-found").replace("%(query)s", query)
        .replace("%(count)s", String(results.length))
      : element.getAttribute("data-none");
    results.forEach(function (result) {
      var item = document.createElement("li");
      item.className = "search-result";
      var heading = document.createElement("h3");
      heading.className = "search-result__title";
      heading.lang = result.titleLanguage;
      var link = document.createElement("a");
      link.href = siteRoot + result.url;
      link.textContent = result.title;
      heading.appendChild(link);
      item.appendChild(heading);
      if (result.snippet) {
        var snippet = document.createElement("p");
        snippet.className = "search-result__snippet";
        snippet.textContent = result.snippet;
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
    list.hidden = !results.length;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { search: search, wordKeys: wordKeys, fold: fold };
  } else if (root.document) {
    var element = root.document.querySelector("[data-archive-search]");
    if (element && root.archiveSearchIndex) show(element, root.archiveSearchIndex);
  }
})(typeof window !== "undefined" ? window : globalThis);
