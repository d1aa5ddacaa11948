/* clausecheck serve: the page's only script. No framework, no outside requests.
   Everything works without it too (plain form posts and #anchors); it adds drag and drop,
   upload progress, the clause <-> finding highlighting, copy buttons and the matrix filters. */
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* ---------------------------------------------------------------- start page */
  function initUpload() {
    var form = $("#upload");
    if (!form) return;
    var input = $("#file"), drop = $("#drop"), chosen = $("#chosen");
    var error = $("#form-error"), busy = $("#busy"), bar = $("#upload-bar"), busyText = $("#busy-text");
    var submit = $("#submit");

    function showChosen() {
      var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      chosen.textContent = names.length ? names.join(", ") : chosen.getAttribute("data-none");
    }
    function showError(text) {
      error.textContent = text;
      error.hidden = !text;
    }
    input.addEventListener("change", showChosen);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        showChosen();
      }
    });
    // a drop anywhere else on the page must not make the browser open the contract itself
    window.addEventListener("dragover", function (e) { e.preventDefault(); });
    window.addEventListener("drop", function (e) { e.preventDefault(); });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!input.files || !input.files.length) { showError(form.getAttribute("data-nofile")); return; }
      showError("");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) bar.value = Math.round(100 * ev.loaded / ev.total);
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");  // indeterminate while the server checks
        busyText.textContent = form.getAttribute("data-checking");
      });
      xhr.addEventListener("load", function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
        if (xhr.status === 200 && data && data.redirect) { window.location.assign(data.redirect); return; }
        busy.hidden = true;
        submit.disabled = false;
        if (xhr.status === 413) showError(form.getAttribute("data-toolarge"));
        else showError((data && data.error) || ("HTTP " + xhr.status));
      });
      xhr.addEventListener("error", function () {
        busy.hidden = true;
        submit.disabled = false;
        showError("HTTP error");
      });
      bar.value = 0;
      busyText.textContent = form.getAttribute("data-uploading");
      busy.hidden = false;
      submit.disabled = true;
      xhr.send(new FormData(form));
    });
  }

  /* the side menu follows the contract type: a type that names its parties (委託者/受託者)
     offers those; auto offers the generic sides and the names that mean one side anywhere */
  function initSides() {
    var typeSelect = $("#opt-type"), sideSelect = $("#opt-side");
    if (!typeSelect || !sideSelect) return;
    function offered(option, type) {
      return (" " + option.getAttribute("data-types") + " ").indexOf(" " + type + " ") >= 0;
    }
    function follow() {
      var type = typeSelect.value, current = sideSelect.options[sideSelect.selectedIndex];
      var side = current ? current.getAttribute("data-side") : "discloser";
      $all("option", sideSelect).forEach(function (o) {
        o.hidden = o.disabled = !offered(o, type);
      });
      $all("optgroup", sideSelect).forEach(function (g) {
        g.hidden = !$all("option", g).some(function (o) { return !o.disabled; });
      });
      if (current && !current.disabled) return;
      var same = $all("option", sideSelect).filter(function (o) {
        return !o.disabled && o.getAttribute("data-side") === side;
      })[0] || $all("option", sideSelect).filter(function (o) { return !o.disabled; })[0];
      if (same) same.selected = true;
    }
    typeSelect.addEventListener("change", follow);
    follow();
  }

  /* ---------------------------------------------------------------- result page */
  function clearMarks() {
    $all(".unit.focus, .unit.lit").forEach(function (u) { u.classList.remove("focus", "lit"); });
    $all(".finding.active").forEach(function (f) { f.classList.remove("active"); });
  }

  function focusUnit(id, others) {
    var unit = document.getElementById(id);
    if (!unit) return;
    clearMarks();
    (others || []).forEach(function (oid) {
      var o = document.getElementById(oid);
      if (o) o.classList.add("lit");
    });
    unit.classList.add("focus");
    unit.scrollIntoView({ block: "center", behavior: "smooth" });
    if (history.replaceState) history.replaceState(null, "", "#" + id);
  }

  function focusFinding(id) {
    var card = document.getElementById(id);
    if (!card) return;
    var details = card.closest("details");
    if (details) details.open = true;
    card.classList.add("active");
    card.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function initResult() {
    if (!$("#findings")) return;
    // a clause reference in a finding (or a key fact): jump to the clause in the text
    document.addEventListener("click", function (e) {
      var ref = e.target.closest("a.ref[data-unit]");
      if (ref) {
        e.preventDefault();
        var card = ref.closest(".finding");
        var units = card ? (card.getAttribute("data-units") || "").split(" ").filter(Boolean) : [];
        focusUnit(ref.getAttribute("data-unit"), units);
        if (card) card.classList.add("active");
        return;
      }
      var tag = e.target.closest("a.tag[data-finding]");
      if (tag) {
        e.preventDefault();
        clearMarks();
        var unitEl = tag.closest(".unit");
        if (unitEl) unitEl.classList.add("focus");
        focusFinding(tag.getAttribute("data-finding"));
        return;
      }
      var head = e.target.closest(".finding .fh");
      if (head) {
        var fcard = head.closest(".finding");
        var ids = (fcard.getAttribute("data-units") || "").split(" ").filter(Boolean);
        if (ids.length) { focusUnit(ids[0], ids); fcard.classList.add("active"); }
        return;
      }
      var unit = e.target.closest(".doc .unit");
      if (unit && !e.target.closest("a, button")) showServes(unit);
    });
    $all(".copy").forEach(function (button) {
      button.addEventListener("click", function () { copyText(button); });
    });
    var print = $("#print");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  function showServes(unit) {
    // the innermost clause clicked; its own provisions, else those of the clause around it
    var box = $("#serves-box"), list = $("#serves-list");
    var el = unit, ids = [];
    while (el && el.classList && el.classList.contains("unit")) {
      ids = (el.getAttribute("data-serves") || "").split(" ").filter(Boolean);
      if (ids.length) break;
      el = el.parentElement.closest(".unit");
    }
    clearMarks();
    unit.classList.add("focus");
    $("#serves-ref").textContent = unit.getAttribute("data-ref") || "";
    list.textContent = "";
    if (!ids.length) {
      var li = document.createElement("li");
      li.textContent = box.getAttribute("data-none");
      list.appendChild(li);
    }
    ids.forEach(function (id, i) {
      var card = document.getElementById(id);
      if (!card) return;
      card.classList.add("active");
      var details = card.closest("details");
      if (details) details.open = true;
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + id;
      a.textContent = ($(".sym", card) || {}).textContent + " " + ($("h3", card) || {}).textContent;
      a.addEventListener("click", function (e) { e.preventDefault(); focusFinding(id); });
      item.appendChild(a);
      list.appendChild(item);
      if (i === 0) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
    box.hidden = false;
  }

  function copyText(button) {
    var pre = document.getElementById(button.getAttribute("data-copy"));
    if (!pre) return;
    var text = pre.textContent;
    var label = button.textContent;
    function done() {
      button.textContent = button.getAttribute("data-done");
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { legacyCopy(pre); done(); });
    } else { legacyCopy(pre); done(); }
  }

  function legacyCopy(pre) {
    var range = document.createRange();
    range.selectNodeContents(pre);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { document.execCommand("copy"); } catch (err) { /* the text stays selected */ }
  }

  /* ---------------------------------------------------------------- folder runs */
  function initBatch() {
    var section = $("#batch");
    if (!section) return;
    var print = $("#print");
    if (print) print.addEventListener("click", function () { window.print(); });
    if (section.getAttribute("data-finished") !== "yes") poll(section.getAttribute("data-id"));
    initFilters();
  }

  function poll(id) {
    var bar = $("#batch-bar"), count = $("#batch-count");
    function tick() {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", "/api/batches/" + encodeURIComponent(id));
      xhr.addEventListener("load", function () {
        if (xhr.status !== 200) { setTimeout(tick, 2000); return; }
        var data = JSON.parse(xhr.responseText);
        bar.max = Math.max(1, data.total);
        bar.value = data.done;
        count.textContent = data.done + " / " + data.total;
        if (data.finished) window.location.reload();
        else setTimeout(tick, 700);
      });
      xhr.addEventListener("error", function () { setTimeout(tick, 2000); });
      xhr.send();
    }
    tick();
  }

  function initFilters() {
    var table = $("#matrix");
    if (!table) return;
    var name = $("#flt-name"), failing = $("#flt-failing"), type = $("#flt-type");
    var prov = $("#flt-prov"), status = $("#flt-status"), count = $("#flt-count");
    var rows = $all("tbody tr", table);
    function matches(cell, want) {
      var s = cell ? cell.getAttribute("data-status") : "";
      if (want === "bad") return s === "weak" || s === "missing";
      return s === want;
    }
    function apply() {
      status.disabled = !prov.value;  // the status is that of the provision chosen
      var q = name.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var ok = (!q || row.getAttribute("data-name").indexOf(q) >= 0)
          && (!failing.checked || row.getAttribute("data-failed") === "yes")
          && (!type.value || row.getAttribute("data-type") === type.value);
        if (ok && prov.value) {
          ok = matches(row.querySelector('td.c[data-provision="' + prov.value + '"]'), status.value);
        }
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      $all("th.p", table).forEach(function (th) {
        th.classList.toggle("chosen", th.getAttribute("data-provision") === prov.value);
      });
      $all("td.c", table).forEach(function (td) {
        td.classList.toggle("dim", !!prov.value && td.getAttribute("data-provision") !== prov.value);
      });
      count.textContent = shown + " / " + rows.length;
    }
    [name, failing, type, prov, status].forEach(function (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });
    $("#filters").addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initUpload();
    initSides();
    initResult();
    initBatch();
  });
})();
