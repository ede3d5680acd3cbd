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
    if (has(rules.names, word)) keys.push("#name:" + rules.names[word]);
    for (var cut = 0; cut < 3; cut++) {
      if (word.length - cut >= rules.minStem + 1) keys.push("~" + word.slice(0, word.length - cut));
    }
    var stem = azerbaijaniStem(word, rules);
    if (stem !== word) keys.push("~" + stem);
    return keys;
  }

  /* The keys of a word of a title or a lead: its own and its stem's (worked out at build
   * time, in the index's "stems"), as preservation.search.index_keys. */
  function shownKeys(word, index) {
    return wordKeys(word, index.rules).concat(["^" + (has(index.stems, word) ? index.stems[word] : word)]);
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function queryTerms(query, rules) {
    var text = String(query || "").slice(0, rules.maxLength);
    return (text.match(WORD) || []).slice(0, rules.maxTerms).map(function (raw) {
      return { raw: raw, word: fold(raw, rules) };
    });
  }

  /* Typing slips forgiven in a word of this length (core.search.allowed_slips, as data). */
  function allowedSlips(word, rules) {
    var slips = 0;
    rules.slips.forEach(function (step) { if (word.length >= step[0]) slips = step[1]; });
    return slips;
  }

  /* Edit distance with swaps of two neighbouring letters counted as one slip, or limit + 1
   * once it is certain to exceed the limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, previous = [], row;
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row.push(value);
        smallest = Math.min(smallest, value);
      }
      if (smallest > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  /* The lexicon's words (every title word, name form and synonym, exported at build time)
   * within the slips the word's length allows, closest first: core.search.corrections. */
  function corrections(word, index, among) {
    var rules = index.rules;
    var slips = allowedSlips(word, rules);
    if (!slips || !/^\p{L}+$/u.test(word)) return [];
    var found = [];
    (among || rules.lexicon).forEach(function (known, position) {
      var d = distance(word, known, slips);
      if (d <= slips) found.push([d, position, known]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, 8).map(function (item) { return item[2]; })
      .filter(function (known) { return known !== word; });
  }

  function looksAzerbaijani(raw, word, rules) {
    var letters = raw.split("").some(function (ch) { return rules.azLetters.indexOf(ch) >= 0; });
    return (rules.language === "az" || letters) && /^[a-z0-9]+$/.test(word);
  }

  /* The synonym groups a word belongs to: as the live search found them for the words the
   * archive holds (rules.synonyms.members, by their stems); a word it does not hold, by its
   * folded form, its Azerbaijani stem or one of its cores being a synonym's folded form or
   * stem ("tragedies": "tragedi", the stem of "tragedy"). */
  function groupsOf(raw, word, rules) {
    var synonyms = rules.synonyms;
    if (has(synonyms.members, word)) return synonyms.members[word];
    var candidates = wordKeys(word, rules).filter(function (key) { return key[0] === "~"; })
      .map(function (key) { return key.slice(1); }).concat([word]);
    if (looksAzerbaijani(raw, word, rules)) candidates.push(azerbaijaniStem(word, rules));
    var found = [];
    candidates.forEach(function (candidate) {
      (has(synonyms.stemKeys, candidate) ? synonyms.stemKeys[candidate] : []).forEach(
        function (number) { if (found.indexOf(number) < 0) found.push(number); });
    });
    return found;
  }

  /* Every key a query term matches through: core.search.term_forms, as keys. A name's every
   * spelling; else the word's own keys, the keys of the lexicon's words a slip or two away
   * when the lexicon does not know it, and the keys of their synonyms. */
  function termKeys(term, index) {
    var rules = index.rules;
    if (!index.lexiconSet) index.lexiconSet = new Set(rules.lexicon);
    var word = term.word;
    var name = has(rules.names, word) ? rules.names[word] : null;
    var slipped = [];
    if (name === null && !index.lexiconSet.has(word)) {
      slipped = corrections(word, index);
      var names = [];
      slipped.forEach(function (known) {
        if (has(rules.names, known) && names.indexOf(rules.names[known]) < 0) {
          names.push(rules.names[known]);
        }
      });
      if (names.length === 1) name = names[0];
    }
    if (name !== null) return new Set([word, "#name:" + name]);
    var keys = new Set(wordKeys(word, rules));
    if (!slipped.length && !Object.keys(postingsOf(keys, index)).length) {
      // A word the copy does not hold at all: the copy's own words a slip or two away.
      if (!index.plainWords) {
        index.plainWords = Object.keys(index.keys).filter(function (key) {
          return /^[\p{L}\p{N}]/u.test(key);
        });
      }
      slipped = corrections(word, index, index.plainWords);
    }
    slipped.forEach(function (known) {
      wordKeys(known, rules).forEach(function (key) { keys.add(key); });
    });
    [term].concat(slipped.slice().sort().map(function (known) {
      return { raw: known, word: known };
    })).forEach(function (one) {
      groupsOf(one.raw, one.word, rules).forEach(function (number) {
        rules.synonyms.groups[number].forEach(function (key) { keys.add(key); });
      });
    });
    return keys;
  }

  function postingsOf(keys, index) {
    var found = {};
    keys.forEach(function (key) {
      var list = index.keys[key];
      if (!list) return;
      for (var i = 0; i < list.length; i += 2) {
        found[list[i]] = Math.max(found[list[i]] || 0, list[i + 1]);
      }
    });
    return found;
  }

  /* Which of the query's terms a word of a title or lead matches (worked out once a word). */
  function hits(word, wanted, index, cache) {
    if (!(word in cache)) {
      var keys = shownKeys(word, index);
      cache[word] = wanted.map(function (termKeySet) {
        return keys.some(function (key) { return termKeySet.has(key); });
      });
    }
    return cache[word];
  }

  function meaningful(text, index) {
    var functionWords = index.rules.functionWords;
    return words(text, index.rules).filter(function (word) {
      return functionWords.indexOf(word) < 0;
    });
  }

  /* How much of the best-matching title the query covers, counting its words that carry
   * meaning (0 when no title holds every term): core.search._Coverage.coverage. */
  function coverage(titles, wanted, index, cache) {
    var best = 0;
    titles.forEach(function (title) {
      var found = meaningful(title, index);
      if (!found.length) return;
      var covered = wanted.map(function () { return false; });
      var hit = 0;
      found.forEach(function (word) {
        var row = hits(word, wanted, index, cache);
        row.forEach(function (yes, n) { if (yes) covered[n] = true; });
        if (row.some(Boolean)) hit += 1;
      });
      if (covered.every(Boolean)) best = Math.max(best, hit / found.length);
    });
    return best;
  }

  /* Does the text hold every term of the query? core.search._Coverage.holds. */
  function holds(text, wanted, index, cache) {
    var covered = wanted.map(function () { return false; });
    words(text, index.rules).forEach(function (word) {
      hits(word, wanted, index, cache).forEach(function (yes, n) { if (yes) covered[n] = true; });
    });
    return covered.length > 0 && covered.every(Boolean);
  }

  /* The matching documents, best first: as core.search.rank orders the live results. */
  function search(query, index) {
    var rules = index.rules;
    var terms = queryTerms(query, rules);
    if (!terms.length) return [];
    var expanded = terms.map(function (term) { return termKeys(term, index); });
    var matching = null;
    expanded.forEach(function (keys) {
      var found = postingsOf(keys, index);
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
    // A query's function words ("memorial page of 2002") are not asked of a title or lead.
    var wanted = expanded.filter(function (keys, n) {
      return rules.functionWords.indexOf(terms[n].word) < 0;
    });
    if (!wanted.length) wanted = expanded;
    var cache = {};
    var ranked = Object.keys(matching).map(function (doc) {
      var entry = index.docs[doc];
      var inOwn = coverage([entry[1]], wanted, index, cache);
      var cover = inOwn || coverage(entry[5], wanted, index, cache);
      var tier = cover ? 0 : holds(entry[6] || "", wanted, index, cache) ? 1 : 2;
      return {
        doc: Number(doc), url: entry[0], title: entry[1], titleLanguage: entry[2],
        snippet: entry[3], key: [tier, tier < 2 ? -entry[4] : 0, inOwn ? 0 : 1, -cover,
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
    module.exports = { search: search, wordKeys: wordKeys, fold: fold, distance: distance };
  } else if (root.document) {
    var element = root.document.querySelector("[data-archive-search]");
    if (element && root.archiveSearchIndex) show(element, root.archiveSearchIndex);
  }
})(typeof window !== "undefined" ? window : globalThis);
