/* Offline search of the archive: works from file:// with no server. The index is split by year
   (search/2008.js …), each file a script that adds its issues to window.JB_SEARCH; the files are
   loaded on the first keystroke. Matching is plain substring search, so two Chinese characters
   find every article that contains them, without any word list. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var years = (box.getAttribute("data-years") || "").split(" ").filter(Boolean);
  var MAX_SHOWN = 50;
  var loaded = 0;
  var started = false;

  function load() {
    if (started) { return; }
    started = true;
    if (years.length === 0) { loaded = 0; run(); return; }
    status.textContent = "正在载入检索数据……";
    years.forEach(function (year) {
      var script = document.createElement("script");
      script.src = "search/" + year + ".js";
      script.onload = script.onerror = function () {
        loaded += 1;
        if (loaded === years.length) { run(); }
      };
      document.head.appendChild(script);
    });
  }

  function parse(query) {
    var include = [], exclude = [];
    var re = /(-?)"([^"]*)"?|(\S+)/g, m;
    while ((m = re.exec(query)) !== null) {
      var negative = m[1] === "-";
      var term = m[2] !== undefined ? m[2] : m[3];
      if (m[3] !== undefined && term.charAt(0) === "-" && term.length > 1) { negative = true; term = term.slice(1); }
      term = term.replace(/\s+/g, "").toLowerCase();
      if (term) { (negative ? exclude : include).push(term); }
    }
    return { include: include, exclude: exclude };
  }

  function snippet(text, terms) {
    var lower = text.toLowerCase(), first = -1;
    terms.forEach(function (t) { var at = lower.indexOf(t); if (at >= 0 && (first < 0 || at < first)) { first = at; } });
    var start = Math.max(0, first - 20), end = Math.min(text.length, start + 80);
    var span = document.createElement("span");
    span.className = "jb-snippet";
    var piece = text.slice(start, end), low = piece.toLowerCase(), pos = 0;
    if (start > 0) { span.appendChild(document.createTextNode("…")); }
    while (pos < piece.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) { var at = low.indexOf(t, pos); if (at >= 0 && (next < 0 || at < next)) { next = at; len = t.length; } });
      if (next < 0) { span.appendChild(document.createTextNode(piece.slice(pos))); break; }
      span.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      span.appendChild(mark);
      pos = next + len;
    }
    if (end < text.length) { span.appendChild(document.createTextNode("…")); }
    return span;
  }

  function run() {
    var query = parse(input.value);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (query.include.length === 0) { status.textContent = ""; return; }
    if (loaded < years.length) { status.textContent = "正在载入检索数据……"; return; }
    var found = [];
    (window.JB_SEARCH || []).forEach(function (shard) {
      shard.issues.forEach(function (issue) {
        issue.a.forEach(function (article) {
          var title = article.t.toLowerCase(), text = article.x.toLowerCase(), inTitle = 0;
          for (var i = 0; i < query.include.length; i++) {
            var t = query.include[i];
            if (title.indexOf(t) >= 0) { inTitle += 1; } else if (text.indexOf(t) < 0) { return; }
          }
          for (var j = 0; j < query.exclude.length; j++) {
            if (title.indexOf(query.exclude[j]) >= 0 || text.indexOf(query.exclude[j]) >= 0) { return; }
          }
          found.push({ issue: issue, article: article, inTitle: inTitle });
        });
      });
    });
    found.sort(function (a, b) {
      if (a.inTitle !== b.inTitle) { return b.inTitle - a.inTitle; }
      return a.issue.d < b.issue.d ? 1 : a.issue.d > b.issue.d ? -1 : 0;
    });
    status.textContent = found.length === 0 ? "没有找到含有“" + input.value.trim() + "”的文章。"
      : "找到 " + found.length + " 篇文章" + (found.length > MAX_SHOWN ? "，列出前 " + MAX_SHOWN + " 篇" : "") + "。";
    found.slice(0, MAX_SHOWN).forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.issue.p + "#" + hit.article.n;
      link.textContent = hit.article.t;
      item.appendChild(link);
      var meta = document.createElement("span");
      meta.className = "jb-meta";
      meta.textContent = hit.issue.l + " · " + hit.issue.d + (hit.article.s ? " · " + hit.article.s : "");
      item.appendChild(meta);
      item.appendChild(snippet(hit.article.x || hit.article.t, query.include));
      list.appendChild(item);
    });
  }

  input.addEventListener("input", function () { load(); run(); });
  input.addEventListener("focus", load);
  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); load(); run(); });
  var preset = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (preset) { input.value = decodeURIComponent(preset[1].replace(/\+/g, " ")); load(); }
}());
