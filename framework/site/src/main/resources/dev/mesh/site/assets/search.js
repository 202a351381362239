// mesh catalog search: every word typed must appear in a product's id, description, owner, tags or column names.
// The index is window.MESH_INDEX (assets/search-index.js), loaded as a script so that it works from file:// too.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) { return; }
  var index = (window.MESH_INDEX || []).map(function (p) {
    return {
      p: p,
      fields: [
        ["id", p.id.toLowerCase()],
        ["column", p.columns.join(" ").toLowerCase()],
        ["tag", p.tags.join(" ").toLowerCase()],
        ["owner", p.owner.toLowerCase()],
        ["description", p.description.toLowerCase()]
      ]
    };
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function matchOf(entry, words) {
    var score = 0, why = [];
    for (var i = 0; i < words.length; i++) {
      var w = words[i], found = false;
      for (var f = 0; f < entry.fields.length; f++) {
        if (entry.fields[f][1].indexOf(w) >= 0) {
          found = true;
          score += 5 - f;
          if (f > 0) {
            var what = entry.fields[f][0];
            if (what === "column") {
              var cols = entry.p.columns.filter(function (c) { return c.toLowerCase().indexOf(w) >= 0; });
              why.push("column " + cols.slice(0, 3).join(", "));
            } else if (what === "tag") {
              why.push("tag " + entry.p.tags.filter(function (t) { return t.toLowerCase().indexOf(w) >= 0; }).join(", "));
            } else {
              why.push(what);
            }
          }
          break;
        }
      }
      if (!found) { return null; }
    }
    return { score: score, why: why };
  }

  function render() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!q) { list.classList.remove("open"); return; }
    var words = q.split(/\s+/);
    var hits = [];
    index.forEach(function (entry) {
      var m = matchOf(entry, words);
      if (m) { hits.push({ p: entry.p, score: m.score, why: m.why }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.p.id < b.p.id ? -1 : 1); });
    list.classList.add("open");
    if (!hits.length) {
      list.appendChild(el("li", "none", "No product matches “" + input.value.trim() + "”."));
      return;
    }
    hits.slice(0, 25).forEach(function (h) {
      var li = el("li", "hit");
      li.setAttribute("data-id", h.p.id);
      var a = el("a", null, h.p.id);
      a.href = "products/" + h.p.id + ".html";
      li.appendChild(a);
      li.appendChild(el("span", "badge " + h.p.health, h.p.health.replace("-", " ")));
      if (h.why.length) { li.appendChild(el("span", "why", "matched " + h.why.join("; "))); }
      if (h.p.description) { li.appendChild(el("div", "desc", h.p.description)); }
      list.appendChild(li);
    });
    if (hits.length > 25) { list.appendChild(el("li", "none", (hits.length - 25) + " more: type more words to narrow.")); }
  }

  input.addEventListener("input", render);
  render();
})();
