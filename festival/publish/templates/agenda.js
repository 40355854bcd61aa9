/* A festival-goer's own programme, kept in this browser (festival, MIT licence).
 *
 * On every page: the screenings ticked (checkboxes "s" of the form #agenda-form) are kept in
 * localStorage, per festival; the form's button leads to My programme, where all of them are.
 * On agenda.html: the ticked screenings, their feed (a subscription where `festival serve`
 * answers feeds/my.ics, and everywhere a download of the same events cut from
 * feeds/festival.ics), and the planner among repeats. The pages work without this script.
 */
(function () {
  "use strict";

  var festival = document.body.getAttribute("data-festival") || "festival";
  var KEY = "festival-agenda:" + festival;

  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      if (!Array.isArray(ids)) return [];
      return ids.filter(function (id, n) { return typeof id === "string" && ids.indexOf(id) === n; });
    } catch (e) {
      return [];
    }
  }

  function save(ids) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ids));
    } catch (e) {
      /* private mode or storage full: the ticks still submit with the form */
    }
  }

  /* a map with no inherited keys (a film or screening id may be "constructor") */
  function dict() {
    return Object.create(null);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  var countTemplate = null;

  function showCount(ids) {
    document.querySelectorAll("[data-agenda-count]").forEach(function (node) {
      node.textContent = ids.length && countTemplate ? "(" + ids.length + ")" : "";
    });
  }

  /* ---- every page: the ticks ---- */

  function wireTicks() {
    var form = document.getElementById("agenda-form");
    var boxes = document.querySelectorAll('input[type=checkbox][name=s][form="agenda-form"]');
    var ids = load();
    boxes.forEach(function (box) {
      box.checked = ids.indexOf(box.value) >= 0;
      box.addEventListener("change", function () {
        var now = load().filter(function (i) { return i !== box.value; });
        if (box.checked) now.push(box.value);
        save(now);
        boxes.forEach(function (other) {
          if (other.value === box.value) other.checked = box.checked;
        });
        showCount(now);
      });
    });
    if (form) {
      /* with JavaScript, the ticks of every page are on My programme, with every way to
       * subscribe (the form's own GET only works where festival serve answers it) */
      form.addEventListener("submit", function (e) {
        var page = form.getAttribute("data-agenda-page");
        if (!page) return;
        e.preventDefault();
        window.location.href = page;
      });
    }
    showCount(ids);
  }

  /* ---- agenda.html: the chosen screenings and their feed ---- */

  /* Python's re.M: a line starts at the start or after "\n" only (JavaScript's m flag would also
   * take "\r", U+2028 and U+2029), hence the lookbehinds instead of ^ */
  var BLOCK = /(?<=^|\n)BEGIN:(VEVENT|VTIMEZONE)\r\n[\s\S]*?(?<=\n)END:\1\r\n/g;

  /* The same cut as `festival serve` makes (festival.serve.agenda): the feed's head without its
   * SOURCE, the zones the chosen events use, the chosen events in the order asked, the tail. */
  function cutFeed(feed, ids) {
    var blocks = [];
    var match;
    BLOCK.lastIndex = 0;
    while ((match = BLOCK.exec(feed)) !== null) {
      blocks.push({ kind: match[1], text: match[0], start: match.index, end: BLOCK.lastIndex });
    }
    if (!blocks.length) return null;
    var head = feed.slice(0, blocks[0].start).replace(/(?<=^|\n)SOURCE[;:][^\n]*\r\n(?:[ \t][^\n]*\r\n)*/g, "");
    var tail = feed.slice(blocks[blocks.length - 1].end);
    var events = dict();
    var zones = dict();
    blocks.forEach(function (b) {
      if (b.kind === "VEVENT") {
        var uid = /(?<=^|\n)UID:([a-z0-9-]+)\./.exec(b.text);
        if (uid) events[uid[1]] = b.text;
      } else {
        var tzid = /(?<=^|\n)TZID:([^\r\n]+)/.exec(b.text);
        if (tzid) zones[tzid[1]] = b.text;
      }
    });
    var chosen = [];
    for (var i = 0; i < ids.length; i++) {
      if (!events[ids[i]]) return null;
      chosen.push(events[ids[i]]);
    }
    var used = dict();
    chosen.forEach(function (text) {
      var re = /;TZID=([^:;\r\n]+)/g;
      var m;
      while ((m = re.exec(text)) !== null) used[m[1]] = true;
    });
    var names = Object.keys(used).sort();
    var parts = [head];
    names.forEach(function (name) { if (zones[name]) parts.push(zones[name]); });
    return parts.concat(chosen, [tail]).join("");
  }

  function agendaPage(data) {
    var ui = data.ui;
    var byId = dict();
    data.screenings.forEach(function (s) { byId[s.id] = s; });
    var films = dict();
    data.films.forEach(function (f) { films[f.id] = f; });
    var cities = dict();
    data.cities.forEach(function (c) { cities[c.id] = c.name; });

    var section = document.getElementById("agenda");
    var list = document.getElementById("agenda-list");
    var count = document.getElementById("agenda-count");
    var feedBox = document.getElementById("agenda-feed");
    var status = document.getElementById("agenda-status");
    section.hidden = false;

    /* the ticked screenings this publication has, in time order; ticks of screenings it no
     * longer has at all (a plan made afresh) are dropped from the browser's list */
    function known() {
      var stored = load();
      var ids = stored.filter(function (id) { return byId[id]; });
      if (ids.length !== stored.length) save(ids);
      return ids.sort(function (a, b) { return byId[a].from - byId[b].from || (a < b ? -1 : 1); });
    }

    function describe(s) {
      return s.date + " " + s.start + "–" + s.end + " · " + cities[s.city] + " · " + s.venue_name + ", " + s.hall;
    }

    var probe = null;

    function render() {
      var ids = known();
      list.textContent = "";
      status.textContent = ids.length > data.max ? format(ui.agenda_too_many, { max: data.max }) : "";
      count.textContent = ids.length ? format(ui.agenda_count, { n: ids.length }) : ui.agenda_empty;
      ids.forEach(function (id) {
        var s = byId[id];
        var film = films[s.film];
        var remove = el("button", { type: "button", class: "button plain small", "data-remove": id }, [
          ui.agenda_remove,
          el("span", { class: "vh", text: ": " + film.title + ", " + s.date + " " + s.start }),
        ]);
        remove.addEventListener("click", function () {
          save(load().filter(function (i) { return i !== id; }));
          render();
        });
        var title = el("a", { href: film.page, text: film.title });
        var what = el("div", { class: "what" }, [
          el("h3", {}, s.cancelled ? [el("del", {}, [title])] : [title]),
          el("p", { class: "meta", text: describe(s) }),
        ]);
        if (s.cancelled) what.insertBefore(el("p", { class: "badge cancelled-badge", text: ui.cancelled }), what.firstChild);
        what.appendChild(el("p", {}, [remove]));
        list.appendChild(el("li", { class: "card show" + (s.cancelled ? " cancelled" : ""), "data-screening": id }, [
          el("p", { class: "when" }, [el("span", { class: "date", text: s.date }), " ", el("time", { text: s.start })]),
          what,
        ]));
      });
      feedBox.hidden = !ids.length;
      showCount(ids);
      if (!ids.length) return;
      var query = "?s=" + ids.join(",");
      var https = data.agenda_url + query;
      var webcal = "webcal://" + https.split("://")[1];
      document.getElementById("agenda-https").href = https;
      document.getElementById("agenda-webcal").href = webcal;
      document.getElementById("agenda-google").href =
        "https://calendar.google.com/calendar/r?cid=" + encodeURIComponent(webcal);
      /* does this site answer feeds/my.ics (festival serve)? Asked once, with no screening:
       * festival serve says 400 (choose screenings), a static host 404 */
      if (probe === null) {
        probe = fetch(data.agenda, { method: "HEAD" })
          .then(function (r) { return r.ok || r.status === 400; })
          .catch(function () { return false; });
      }
      probe.then(function (served) {
        document.getElementById("agenda-subscribe-links").hidden = !served || ids.length > data.max;
        document.getElementById("agenda-static").hidden = served;
        section.setAttribute("data-served", served ? "yes" : "no");
      });
    }

    document.getElementById("agenda-download").addEventListener("click", function () {
      var ids = known();
      fetch(data.feed)
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.text();
        })
        .then(function (feed) {
          var cut = cutFeed(feed, ids);
          if (cut === null) {
            status.textContent = ui.agenda_feed_changed;
            return;
          }
          var blob = new Blob([cut], { type: "text/calendar;charset=utf-8" });
          var link = el("a", { href: URL.createObjectURL(blob), download: "my-programme.ics" });
          document.body.appendChild(link);
          link.click();
          link.remove();
          status.textContent = "";
        })
        .catch(function (e) {
          status.textContent = format(ui.agenda_no_fetch, { reason: e.message });
        });
    });

    document.getElementById("agenda-clear").addEventListener("click", function () {
      save([]);
      render();
      status.textContent = ui.agenda_cleared;
    });

    window.addEventListener("storage", function (e) { if (e.key === KEY) render(); });
    render();
    return render;
  }

  /* ---- agenda.html: the planner among repeats ---- */

  /* Can a festival-goer see both a and b? Not if they overlap, nor if the gap between them is
   * shorter than the way from one venue to the other (data.travel, minutes). */
  function conflict(data, a, b) {
    var first = a.from <= b.from ? a : b;
    var second = first === a ? b : a;
    if (first.to > second.from) return { kind: "clash", need: 0 };
    var ways = Object.prototype.hasOwnProperty.call(data.travel, first.venue) ? data.travel[first.venue] : null;
    var need = ways && Object.prototype.hasOwnProperty.call(ways, second.venue) ? ways[second.venue] : 0;
    if (second.from - first.to < need) return { kind: "travel", need: need };
    return null;
  }

  /* One screening of each wanted film, none in conflict, the greatest sum of weights (among
   * equals, the first found: the options least in the way of other films first, then the
   * earliest). An exact branch and bound: films by weight, then fewest options; a film whose
   * every option is blocked by the screenings chosen is skipped without a branch, and a branch
   * stops when the weight still reachable (films with an option left) cannot beat the best.
   * It stops after data.nodes steps and says so. */
  function plan(data, wanted, city, days) {
    var options = dict();
    var why = dict();
    wanted.forEach(function (w) {
      var all = data.screenings.filter(function (s) { return s.film === w.film; });
      var here = all.filter(function (s) { return s.city === city; });
      var live = here.filter(function (s) { return !s.cancelled; });
      var mine = live.filter(function (s) { return days[s.day]; });
      options[w.film] = mine;
      if (!here.length) why[w.film] = { kind: "city" };
      else if (!live.length) why[w.film] = { kind: "cancelled" };
      else if (!mine.length) why[w.film] = { kind: "days", plays: live };
    });
    var order = wanted.filter(function (w) { return options[w.film].length; });
    order.sort(function (a, b) {
      return b.weight - a.weight || options[a.film].length - options[b.film].length || (a.film < b.film ? -1 : 1);
    });
    /* every option once, with the options of other films it conflicts with */
    var all = [];
    var owner = [];
    var byFilm = order.map(function (w, f) {
      return options[w.film].map(function (s) {
        all.push(s);
        owner.push(f);
        return all.length - 1;
      });
    });
    var against = all.map(function () { return []; });
    for (var a = 0; a < all.length; a++) {
      for (var b = a + 1; b < all.length; b++) {
        if (owner[a] !== owner[b] && conflict(data, all[a], all[b])) {
          against[a].push(b);
          against[b].push(a);
        }
      }
    }
    byFilm.forEach(function (list) {
      list.sort(function (x, y) { return against[x].length - against[y].length || all[x].from - all[y].from; });
    });
    var blocked = all.map(function () { return 0; });
    var live = byFilm.map(function (list) { return list.length; });
    var chosen = [];
    var best = { weight: -1, chosen: [] };
    var nodes = 0;
    var stopped = false;

    function take(o, step) {
      against[o].forEach(function (p) {
        if (step > 0 ? blocked[p]++ === 0 : --blocked[p] === 0) live[owner[p]] -= step;
      });
    }

    function search(k, weight) {
      if (stopped) return;
      while (k < order.length && live[k] === 0) k++;
      if (k === order.length) {
        if (weight > best.weight) best = { weight: weight, chosen: chosen.map(function (o) { return all[o]; }) };
        return;
      }
      if (++nodes > data.nodes) {
        stopped = true;
        return;
      }
      var reachable = weight;
      for (var f = k; f < order.length; f++) if (live[f] > 0) reachable += order[f].weight;
      if (reachable <= best.weight) return;
      byFilm[k].forEach(function (o) {
        if (blocked[o] || stopped) return;
        chosen.push(o);
        take(o, 1);
        search(k + 1, weight + order[k].weight);
        take(o, -1);
        chosen.pop();
      });
      search(k + 1, weight);
    }
    search(0, 0);

    var placed = dict();
    best.chosen.forEach(function (s) { placed[s.film] = s; });
    order.forEach(function (w) {
      if (placed[w.film]) return;
      var clashes = [];
      options[w.film].forEach(function (s) {
        best.chosen.forEach(function (other) {
          var c = conflict(data, s, other);
          if (c) clashes.push({ screening: s, other: other, kind: c.kind, need: c.need });
        });
      });
      why[w.film] = { kind: "clash", clashes: clashes };
    });
    best.chosen.sort(function (a, b) { return a.from - b.from; });
    return { chosen: best.chosen, why: why, stopped: stopped, nodes: nodes };
  }

  function plannerPage(data, rerender) {
    var ui = data.ui;
    var films = dict();
    data.films.forEach(function (f) { films[f.id] = f; });
    var cities = dict();
    data.cities.forEach(function (c) { cities[c.id] = c.name; });
    var weights = dict();
    data.priorities.forEach(function (p) { weights[p.value] = p.weight; });
    var section = document.getElementById("planner");
    var form = document.getElementById("planner-form");
    var box = document.getElementById("planner-result");
    var last = null;
    section.hidden = false;

    /* Why a film is left out: one reason, or each of its screenings and what it clashes with */
    function explain(reason) {
      if (reason.kind === "city") return [format(ui.planner_why_city, { city: cities[form.city.value] })];
      if (reason.kind === "cancelled") return [ui.planner_why_cancelled];
      if (reason.kind === "days") {
        var labels = [];
        reason.plays.forEach(function (s) { if (labels.indexOf(s.date) < 0) labels.push(s.date); });
        return [format(ui.planner_why_days, { days: labels.join(", ") })];
      }
      return reason.clashes
        .map(function (c) {
          var when = c.screening.date + " " + c.screening.start;
          var at = c.other.date + " " + c.other.start;
          var other = films[c.other.film].title;
          /* quotes inside quotes: „…“ inside «…» (Russian), 〈…〉 inside 《…》 (Chinese) */
          if (ui.planner_why_clash.indexOf("«{film}»") >= 0) other = other.replace(/«/g, "„").replace(/»/g, "“");
          if (ui.planner_why_clash.indexOf("《{film}》") >= 0) other = other.replace(/《/g, "〈").replace(/》/g, "〉");
          if (c.kind === "clash") return format(ui.planner_why_clash, { when: when, film: other, at: at });
          return format(ui.planner_why_travel, {
            when: when, film: other, at: at, venue: c.other.venue_name, n: c.need,
          });
        });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var wanted = [];
      form.querySelectorAll("select[data-film]").forEach(function (select) {
        var value = Number(select.value);
        if (value > 0) wanted.push({ film: select.getAttribute("data-film"), weight: weights[value] });
      });
      var days = dict();
      var anyDay = false;
      form.querySelectorAll("input[name=day]").forEach(function (box) {
        if (box.checked) { days[box.value] = true; anyDay = true; }
      });
      var status = document.getElementById("planner-status");
      box.hidden = false;
      status.textContent = "";
      var fits = document.getElementById("planner-fits");
      var misfits = document.getElementById("planner-misfits");
      fits.textContent = "";
      misfits.textContent = "";
      if (!wanted.length || !anyDay) {
        last = null;
        document.getElementById("planner-summary").textContent = ui.planner_none_chosen;
        document.getElementById("planner-misfits-box").hidden = true;
        document.getElementById("planner-limit").hidden = true;
        document.getElementById("planner-add").hidden = true;
        document.getElementById("planner-result-heading").focus();
        return;
      }
      var result = plan(data, wanted, form.city.value, days);
      last = result;
      box.setAttribute("data-nodes", String(result.nodes));
      box.setAttribute("data-stopped", result.stopped ? "yes" : "no");
      document.getElementById("planner-summary").textContent =
        format(ui.planner_fits, { n: result.chosen.length, total: wanted.length });
      result.chosen.forEach(function (s) {
        fits.appendChild(el("li", { class: "card show", "data-screening": s.id }, [
          el("p", { class: "when" }, [el("span", { class: "date", text: s.date }), " ", el("time", { text: s.start })]),
          el("div", { class: "what" }, [
            el("h4", {}, [el("a", { href: films[s.film].page, text: films[s.film].title })]),
            el("p", { class: "meta", text: s.start + "–" + s.end + " · " + s.venue_name + ", " + s.hall }),
          ]),
        ]));
      });
      /* the most wanted first */
      var missing = wanted.filter(function (w) { return result.why[w.film]; });
      missing.sort(function (a, b) { return b.weight - a.weight; });
      missing.forEach(function (w) {
        var reasons = explain(result.why[w.film]);
        var item = el("li", { "data-film": w.film }, [el("strong", { text: films[w.film].title })]);
        if (reasons.length === 1) item.appendChild(document.createTextNode(": " + reasons[0]));
        else item.appendChild(el("ul", {}, reasons.map(function (r) { return el("li", { text: r }); })));
        misfits.appendChild(item);
      });
      document.getElementById("planner-misfits-box").hidden = !missing.length;
      document.getElementById("planner-limit").hidden = !result.stopped;
      document.getElementById("planner-add").hidden = !result.chosen.length;
      document.getElementById("planner-result-heading").focus();
    });

    document.getElementById("planner-add").addEventListener("click", function () {
      if (!last) return;
      var ids = load();
      var added = 0;
      last.chosen.forEach(function (s) {
        if (ids.indexOf(s.id) < 0) { ids.push(s.id); added++; }
      });
      save(ids);
      rerender();
      document.getElementById("planner-status").textContent = format(ui.planner_added, { n: added });
    });
  }

  var dataNode = document.getElementById("agenda-data");
  if (dataNode) {
    var data = JSON.parse(dataNode.textContent);
    countTemplate = data.ui.agenda_count;
    var rerender = agendaPage(data);
    plannerPage(data, rerender);
  } else {
    countTemplate = "{n}";
  }
  wireTicks();

  window.festivalAgenda = { cutFeed: cutFeed, plan: plan, conflict: conflict };
})();
