/* The programmer's workspace (festival edit): the draft on a timeline (vis-timeline), moved by
 * mouse or keyboard, checked by the server after every step. */
(function () {
  "use strict";

  var token = document.querySelector('meta[name="festival-token"]').content;
  var state = null; // the draft as /api/draft gives it
  var cityId = null;
  var day = null;
  var selected = null; // the selected screening's id
  var pending = null; // a keyboard move not yet applied: {hall, start}
  var cursor = null; // where an added screening goes: {hall, start}
  var proposal = null;
  var running = null; // the optimisation's AbortController

  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function say(message) {
    $("status").textContent = message;
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: { "x-festival-token": token, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || "HTTP " + r.status);
        return data;
      });
    });
  }

  /* Times are the cities' local times, shown as they are: the timeline runs in UTC and every
   * naive local time is given to it as if it were UTC. */
  function toDate(naive) { return new Date(naive + ":00Z"); }
  function toNaive(date) { return new Date(date).toISOString().slice(0, 16); }
  function addMinutes(naive, minutes) { return toNaive(toDate(naive).getTime() + minutes * 60000); }

  function hue(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360;
    return h;
  }

  function hallsOf(city) {
    return state.halls.filter(function (h) { return h.city === city; });
  }

  function hallById(id) {
    return state.halls.filter(function (h) { return h.id === id; })[0];
  }

  function screening(id) {
    return state.screenings.filter(function (s) { return s.id === id; })[0];
  }

  /* ---- the timeline (drawn in a visible container: it measures itself) ---- */

  $("workspace").hidden = false;

  var items = new vis.DataSet();
  var groups = new vis.DataSet();
  var timeline = new vis.Timeline($("timeline"), items, groups, {
    moment: function (date) { return vis.moment(date).utc(); },
    editable: { updateTime: true, updateGroup: true, add: false, remove: false, overrideItems: false },
    selectable: true,
    multiselect: false,
    itemsAlwaysDraggable: { item: true, range: true },
    stack: true, // screenings that overlap in a hall show one above the other
    orientation: "top",
    zoomKey: "ctrlKey",
    margin: { item: { horizontal: 0, vertical: 4 } },
    groupOrder: "order",
    snap: function (date) {
      var grain = (state && state.halls[0] ? state.halls[0].grain : 5) * 60000;
      return Math.round(date / grain) * grain;
    },
    onMove: function (item, callback) {
      callback(null); // the server's answer redraws it
      var place = item.group.split("/");
      step({ kind: "move", screening: item.id, venue: place[0], hall: place[1], start: toNaive(item.start) });
    },
  });

  timeline.on("select", function (props) {
    if (pending) draw(); // drop the preview of a move not applied
    pending = null;
    selected = props.items[0] || null;
    showSelection();
  });

  timeline.on("click", function (props) {
    if (props.item === null && props.group && props.time) {
      cursor = { hall: props.group, start: toNaive(timeline.options.snap(props.time)) };
      say("New screenings go to " + hallById(cursor.hall).name + " at " + cursor.start.slice(11) + ".");
    }
  });

  function block(s) {
    var total = s.intro + s.runtime + s.guest_minutes + s.turnover;
    var a = (100 * s.intro) / total;
    var b = (100 * (s.intro + s.runtime)) / total;
    var c = (100 * (s.intro + s.runtime + s.guest_minutes)) / total;
    var colour = "hsl(" + hue(s.film) + " 55% 82%)";
    var dark = "hsl(" + hue(s.film) + " 45% 68%)";
    /* intro, film, appearance, turnover (grey) along the block */
    var style =
      "background: linear-gradient(to right, " + dark + " 0 " + a + "%, " + colour + " " + a + "% " + b + "%, " +
      dark + " " + b + "% " + c + "%, #d7d2c8 " + c + "% 100%);";
    var classes = ["screening"];
    if (s.locked) classes.push("locked");
    if (s.problems.length) classes.push("problem");
    var lines = [
      '<span class="time">' + escape(s.start.slice(11)) + "–" + escape(s.end.slice(11)) + "</span> ",
      '<strong class="title">' + escape(s.title) + "</strong>",
    ];
    if (s.locked) lines.unshift('<span class="lock">locked</span> ');
    if (s.problems.length) lines.push('<span class="problems">' + s.problems.map(escape).join("<br>") + "</span>");
    return {
      id: s.id,
      group: s.hall,
      start: toDate(s.start),
      end: new Date(toDate(s.end).getTime() + s.turnover * 60000),
      content: lines.join(""),
      className: classes.join(" "),
      style: style,
      title: escape([s.title, s.start.slice(11) + "–" + s.end.slice(11)].concat(s.problems).join("\n")),
      editable: !s.locked,
    };
  }

  function days() {
    var seen = {};
    state.screenings.forEach(function (s) { if (s.city === cityId) seen[s.start.slice(0, 10)] = true; });
    return Object.keys(seen).sort();
  }

  function draw() {
    var halls = hallsOf(cityId);
    groups.clear();
    groups.add(halls.map(function (h, n) { return { id: h.id, content: escape(h.name), order: n }; }));
    var ids = {};
    halls.forEach(function (h) { ids[h.id] = true; });
    var shown = state.screenings.filter(function (s) { return ids[s.hall]; }).map(block);
    items.clear();
    items.add(shown);
    if (selected && items.get(selected)) timeline.setSelection([selected]);
    drawList();
    drawPanels();
  }

  function showDay() {
    if (!day) return drawList(); // a city with no screening
    timeline.setWindow(toDate(day + "T09:00"), toDate(addMinutes(day + "T09:00", 17 * 60)), { animation: false });
    drawList();
  }

  /* the day's screenings as buttons: select one without a mouse */
  function drawList() {
    var list = $("day-list");
    list.textContent = "";
    var ids = {};
    hallsOf(cityId).forEach(function (h) { ids[h.id] = h.name; });
    state.screenings
      .filter(function (s) { return ids[s.hall] && s.start.slice(0, 10) === day; })
      .forEach(function (s) {
        var button = el("button", { type: "button", class: "pick", "data-id": s.id, "aria-pressed": String(s.id === selected) }, [
          s.start.slice(11) + " " + s.title + " · " + ids[s.hall] + (s.locked ? " · locked" : "") +
            (s.problems.length ? " · " + s.problems.length + " problem(s)" : ""),
        ]);
        button.addEventListener("click", function () {
          if (pending) {
            pending = null;
            draw();
          }
          selected = s.id;
          timeline.setSelection([s.id], { focus: true });
          showSelection();
          $("timeline").focus();
        });
        list.appendChild(el("li", {}, [button]));
      });
  }

  function showSelection() {
    var s = selected && screening(selected);
    $("lock").disabled = $("remove").disabled = !s;
    $("lock").textContent = s && s.locked ? "Unlock" : "Lock";
    if (!s) return say("");
    say(s.title + ", " + s.start.replace("T", " ") + ", " + hallById(s.hall).name +
      (s.locked ? " (locked)" : "") + ". Arrows move it, Enter applies, Escape cancels.");
    document.querySelectorAll("#day-list .pick").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-id") === selected));
    });
  }

  function drawPanels() {
    var total = state.score.total.toLocaleString("en");
    var change = state.score_change ? " (" + (state.score_change > 0 ? "+" : "") + state.score_change + ")" : "";
    $("score").textContent = "Score " + total + change;
    $("summary").textContent = "Score " + total + " · " + state.screenings.length + " screenings · " +
      state.violations.length + " broken rule(s)";
    $("undo").disabled = !state.can_undo;
    $("redo").disabled = !state.can_redo;
    var list = $("violations");
    list.textContent = "";
    $("violations-none").hidden = state.violations.length > 0;
    state.violations.forEach(function (v) { list.appendChild(el("li", { text: v })); });
    var films = $("films");
    films.textContent = "";
    state.films.forEach(function (f) {
      var add = el("button", { type: "button", class: "small", "data-film": f.id }, ["Add", el("span", { class: "vh", text: " " + f.title })]);
      add.addEventListener("click", function () { addFilm(f); });
      var short = f.placed < f.wanted.min ? " short" : "";
      films.appendChild(el("tr", {}, [
        el("td", { text: f.title }),
        el("td", { class: "num" + short, text: f.placed + " / " + f.wanted.min + "–" + f.wanted.max }),
        el("td", {}, [add]),
      ]));
    });
    api("GET", "/api/figures").then(drawFigures, function () {});
    showSelection();
  }

  function drawFigures(f) {
    var rows = [
      ["Weekend days against weekdays (screenings a day)", f.weekend_ratio + " ×"],
      ["Largest share of a city-day's starts within 15 minutes", Math.round(100 * f.peak_share) + " %"],
      ["Starts less than 15 minutes apart in a venue", String(f.close_starts)],
      ["Premieres where and when asked", f.premieres[0] + " of " + f.premieres[1]],
      ["Committed hall-days short of their minimum", String(f.short_hall_days)],
      ["Hall time used", (100 * f.hall_use).toFixed(1) + " %"],
    ].concat(f.per_day.map(function (d) { return ["Screenings on " + d[0], String(d[1])]; }));
    var body = $("figures");
    body.textContent = "";
    rows.forEach(function (r) { body.appendChild(el("tr", {}, [el("th", { scope: "row", text: r[0] }), el("td", { class: "num", text: r[1] })])); });
  }

  function take(data, message) {
    state = data;
    if (selected && !screening(selected)) selected = null;
    pending = null;
    draw();
    if (message) say(message);
  }

  function step(edit) {
    say("Checking…");
    return api("POST", "/api/edit", edit)
      .then(function (data) {
        take(data);
        if (!data.violations.length) return say("Every hard rule holds.");
        var s = edit.screening && screening(edit.screening);
        var shown = s && s.problems.length ? s.problems : data.violations.slice(0, 3);
        say(data.violations.length + " rule(s) broken: " + shown.join(" · "));
      })
      .catch(function (e) { say(e.message); draw(); });
  }

  function addFilm(f) {
    var halls = hallsOf(cityId);
    var mine = cursor && hallById(cursor.hall) && hallById(cursor.hall).city === cityId;
    var place = mine ? cursor : { hall: halls[0].id, start: (day || days()[0]) + "T12:00" };
    var where = place.hall.split("/");
    step({ kind: "add", film: f.id, venue: where[0], hall: where[1], start: place.start });
  }

  /* ---- keyboard: select, arrows, Enter ---- */

  function nudge(minutes, hallStep) {
    var s = screening(selected);
    if (!s || s.locked) return;
    var at = pending || { hall: s.hall, start: s.start };
    var halls = hallsOf(s.city);
    var index = halls.map(function (h) { return h.id; }).indexOf(at.hall);
    var hall = halls[Math.max(0, Math.min(halls.length - 1, index + hallStep))].id;
    pending = { hall: hall, start: addMinutes(at.start, minutes) };
    var moved = block(Object.assign({}, s, { hall: hall, start: pending.start, end: addMinutes(s.end, (toDate(pending.start) - toDate(s.start)) / 60000) }));
    moved.className += " pending";
    items.update(moved);
    say("Move to " + hallById(hall).name + " at " + pending.start.replace("T", " ") + ": Enter applies, Escape cancels.");
  }

  document.addEventListener("keydown", function (e) {
    if (!state || (e.target && /INPUT|SELECT|TEXTAREA/.test(e.target.tagName))) return;
    var grain = state.halls[0] ? state.halls[0].grain : 5;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") {
      e.preventDefault();
      return e.shiftKey ? redo() : undo();
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "y") {
      e.preventDefault();
      return redo();
    }
    /* moving keys act where the screenings are: the timeline and the day's list */
    var here = e.target && (e.target.id === "timeline" || $("timeline").contains(e.target) ||
      (e.target.classList && e.target.classList.contains("pick")));
    if (!selected || !here || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target.tagName === "BUTTON" && e.key === "Enter" && !pending) return;
    var moves = {
      ArrowLeft: [-grain, 0], ArrowRight: [grain, 0], ArrowUp: [0, -1], ArrowDown: [0, 1],
      PageUp: [-24 * 60, 0], PageDown: [24 * 60, 0],
    };
    if (moves[e.key]) {
      e.preventDefault();
      var page = e.key.indexOf("Page") === 0;
      nudge(moves[e.key][0] * (e.shiftKey && !page ? 6 : 1), moves[e.key][1]);
    } else if (e.key === "Enter" && pending) {
      e.preventDefault();
      var where = pending.hall.split("/");
      var to = pending.start;
      pending = null; // sent once, even if Enter is held
      step({ kind: "move", screening: selected, venue: where[0], hall: where[1], start: to });
    } else if (e.key === "Escape" && pending) {
      pending = null;
      draw();
      say("Move cancelled.");
    } else if (e.key === "l" || e.key === "L") {
      toggleLock();
    } else if (e.key === "Delete") {
      removeSelected();
    }
  });

  function undo() {
    return api("POST", "/api/undo").then(function (d) { take(d, "Undone."); }, function (e) { say(e.message); });
  }
  function redo() {
    return api("POST", "/api/redo").then(function (d) { take(d, "Redone."); }, function (e) { say(e.message); });
  }

  function toggleLock() {
    var s = selected && screening(selected);
    if (s) step({ kind: s.locked ? "unlock" : "lock", screening: s.id });
  }

  function removeSelected() {
    if (selected) step({ kind: "remove", screening: selected });
  }

  /* ---- optimise around me ---- */

  function optimise() {
    var limit = Number($("time-limit").value) || 10;
    running = new AbortController();
    $("optimise").disabled = true;
    $("cancel").disabled = false;
    $("progress").textContent = "Searching…";
    fetch("/api/optimise", {
      method: "POST",
      headers: { "x-festival-token": token, "content-type": "application/json" },
      body: JSON.stringify({ time_limit: limit }),
      signal: running.signal,
    })
      .then(function (r) {
        if (!r.ok) return r.json().then(function (d) { throw new Error(d.error); });
        var reader = r.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              if (!proposal && /Searching|Objective/.test($("progress").textContent)) $("progress").textContent = "The search ended without an answer.";
              return;
            }
            buffer += decoder.decode(chunk.value, { stream: true });
            var parts = buffer.split("\n\n");
            buffer = parts.pop();
            parts.forEach(function (part) {
              var kind = (/^event: (.*)$/m.exec(part) || [])[1];
              var data = (/^data: (.*)$/m.exec(part) || [])[1];
              if (kind) onSearch(kind, JSON.parse(data));
            });
            return pump();
          });
        }
        return pump();
      })
      .catch(function (e) { if (e.name !== "AbortError") $("progress").textContent = e.message; })
      .then(function () {
        $("optimise").disabled = false;
        $("cancel").disabled = true;
        running = null;
      });
  }

  function onSearch(kind, data) {
    if (kind === "progress") {
      $("progress").textContent =
        "Objective " + (data.objective === null ? "—" : data.objective.toLocaleString("en")) +
        " · bound " + data.bound.toLocaleString("en") +
        " · gap " + (data.gap === null ? "—" : (100 * data.gap).toFixed(2) + " %") + " · " + data.seconds + " s";
    } else if (kind === "done") {
      proposal = data;
      $("progress").textContent = "Done: " + data.changes.length + " change(s), score " +
        data.score.total.toLocaleString("en") + " (" + (data.score_change >= 0 ? "+" : "") + data.score_change + ").";
      drawProposal();
    } else if (kind === "error") {
      $("progress").textContent = "No proposal: " + data;
    } else if (kind === "cancelled") {
      $("progress").textContent = "Cancelled.";
    }
  }

  function drawProposal() {
    var box = $("proposal");
    var list = $("changes");
    list.textContent = "";
    box.hidden = !proposal;
    if (!proposal) return;
    proposal.changes.forEach(function (c) {
      var text = c.kind + ": " + c.title + (c.before ? ", " + c.before : "") + (c.after ? " → " + c.after : "");
      list.appendChild(el("li", {}, [
        el("label", {}, [el("input", { type: "checkbox", value: c.screening, checked: "" }), " " + text]),
      ]));
    });
  }

  function accept(all) {
    var chosen = all ? null : Array.prototype.map.call(
      document.querySelectorAll("#changes input:checked"), function (b) { return b.value; });
    api("POST", "/api/proposal/accept", { screenings: chosen })
      .then(function (d) { proposal = null; drawProposal(); take(d, "Proposal accepted."); })
      .catch(function (e) { say(e.message); });
  }

  /* ---- wiring ---- */

  $("undo").addEventListener("click", undo);
  $("redo").addEventListener("click", redo);
  $("lock").addEventListener("click", toggleLock);
  $("remove").addEventListener("click", removeSelected);
  $("optimise").addEventListener("click", optimise);
  $("cancel").addEventListener("click", function () {
    api("POST", "/api/optimise/cancel").then(function () { if (running) running.abort(); $("progress").textContent = "Cancelled."; });
  });
  $("accept-all").addEventListener("click", function () { accept(true); });
  $("accept-chosen").addEventListener("click", function () { accept(false); });
  $("reject").addEventListener("click", function () {
    api("POST", "/api/proposal/reject").then(function (d) { proposal = null; drawProposal(); take(d, "Proposal rejected."); });
  });
  $("save-locks").addEventListener("click", function () {
    api("POST", "/api/locks").then(function (d) {
      say("Locks written to " + d.venue_file + ": " + d.pins + " pin(s).");
    }).catch(function (e) { say(e.message); });
  });
  $("publish").addEventListener("click", function () {
    say("Publishing…");
    api("POST", "/api/publish").then(function (d) {
      say("Published revision " + d.revision + ": " + d.moved + " moved, " + d.cancelled + " cancelled, " + d.added + " added.");
      var list = $("published");
      list.textContent = "";
      d.changes.forEach(function (c) {
        list.appendChild(el("li", { text: c[0] + ": " + c[1] + (c[2] ? ", " + c[2] : "") + (c[3] ? " → " + c[3] : "") }));
      });
    }).catch(function (e) { say(e.message); });
  });
  $("city").addEventListener("change", function () {
    cityId = this.value;
    selected = null;
    pending = null;
    cursor = null;
    var ds = days();
    fillDays(ds);
    day = ds[0];
    draw();
    showDay();
  });
  $("day").addEventListener("change", function () {
    day = this.value;
    pending = null;
    draw();
    showDay();
  });

  function fillDays(ds) {
    var select = $("day");
    select.textContent = "";
    ds.forEach(function (d) { select.appendChild(el("option", { value: d, text: d })); });
  }

  api("GET", "/api/draft").then(function (data) {
    state = data;
    var cities = [];
    data.halls.forEach(function (h) {
      if (!cities.some(function (c) { return c[0] === h.city; })) cities.push([h.city, h.city_name]);
    });
    var select = $("city");
    cities.forEach(function (c) { select.appendChild(el("option", { value: c[0], text: c[1] })); });
    cityId = cities[0][0];
    var ds = days();
    fillDays(ds);
    day = ds[0];
    $("as-read").open = false;
    draw();
    showDay();
    document.body.setAttribute("data-ready", "yes");
  }, function (e) { say("The draft could not be read: " + e.message); });

  window.festivalEdit = { timeline: timeline, items: items, state: function () { return state; } };
})();
