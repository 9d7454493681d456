// Buku kursus: pencarian (tanpa server, juga dari file://) dan tombol cetak.
// Indeks ada di aset/indeks-cari.js (window.BUKU_INDEKS), dibuat saat buku dibangun.
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function queryFromUrl() {
    var params = new URLSearchParams(window.location.search);
    return (params.get("q") || "").trim();
  }

  function count(haystack, word) {
    var n = 0;
    var at = haystack.indexOf(word);
    while (at !== -1) {
      n += 1;
      at = haystack.indexOf(word, at + word.length);
    }
    return n;
  }

  // Records where every word occurs (in the heading or the text), best first.
  function search(index, query) {
    var words = normalise(query).split(/\s+/).filter(function (w) { return w.length > 0; });
    if (!words.length) { return []; }
    var hits = [];
    index.forEach(function (rec, order) {
      var title = normalise(rec.j);
      var body = normalise(rec.t);
      var score = 0;
      for (var i = 0; i < words.length; i += 1) {
        var inTitle = count(title, words[i]);
        var inBody = count(body, words[i]);
        if (!inTitle && !inBody) { return; }
        score += inTitle * 10 + Math.min(inBody, 20);
      }
      hits.push({ rec: rec, score: score, order: order });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits;
  }

  // A piece of text around the first word found, with the words marked.
  function snippet(text, words) {
    var plain = normalise(text);
    var first = -1;
    words.forEach(function (w) {
      var at = plain.indexOf(w);
      if (at !== -1 && (first === -1 || at < first)) { first = at; }
    });
    var start = Math.max(0, first - 60);
    var end = Math.min(text.length, start + 220);
    var piece = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    var span = document.createElement("span");
    span.className = "buku-hasil-cuplikan";
    var lower = normalise(piece);
    var pos = 0;
    while (pos < piece.length) {
      var next = -1;
      var len = 0;
      words.forEach(function (w) {
        var at = lower.indexOf(w, pos);
        if (at !== -1 && (next === -1 || at < next)) { next = at; len = w.length; }
      });
      if (next === -1) { span.appendChild(document.createTextNode(piece.slice(pos))); break; }
      span.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      span.appendChild(mark);
      pos = next + len;
    }
    return span;
  }

  function showResults() {
    var list = document.getElementById("buku-hasil-cari");
    var status = document.getElementById("buku-status-cari");
    if (!list || !status) { return; }
    var query = queryFromUrl();
    if (!query) { return; }
    var index = window.BUKU_INDEKS || [];
    var words = normalise(query).split(/\s+/).filter(function (w) { return w.length > 0; });
    var hits = search(index, query);
    list.textContent = "";
    if (!hits.length) {
      status.textContent = "Tidak ada hasil untuk \u201C" + query + "\u201D. Coba kata lain " +
        "atau kata yang lebih pendek.";
      return;
    }
    status.textContent = hits.length + " hasil untuk \u201C" + query + "\u201D.";
    hits.slice(0, 60).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.rec.p + (hit.rec.a ? "#" + hit.rec.a : "");
      a.textContent = hit.rec.j;
      var where = document.createElement("span");
      where.className = "buku-hasil-modul";
      where.textContent = "Modul " + hit.rec.m;
      li.appendChild(a);
      li.appendChild(where);
      if (hit.rec.t) { li.appendChild(snippet(hit.rec.t, words)); }
      list.appendChild(li);
    });
  }

  function fillSearchBoxes() {
    var query = queryFromUrl();
    if (!query) { return; }
    ["buku-q", "buku-q-besar"].forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { input.value = query; }
    });
  }

  function wirePrintButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-buku-cetak]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  window.BukuCari = { search: search, normalise: normalise };

  document.addEventListener("DOMContentLoaded", function () {
    fillSearchBoxes();
    showResults();
    wirePrintButtons();
  });
}());
