/* Operations Command Center - site groups for the big panels (PDUs, switches) and the page's search.
 * Items are grouped by their instance's `site` ("(no site)" last), each group a header with a count and a status
 * summary. Over COLLAPSE_OVER items the groups start closed; a group's open/closed state is kept in
 * localStorage. A closed group's items are not built at all, so 40 PDUs x 24 outlets cost one header each
 * until opened. The search (#find, debounced) matches the data, not the DOM: it shows only the groups with a
 * hit, builds and opens them, and marks the outlets / ports that match; nothing else is redrawn per keystroke.
 * Every name is vendor text: it is set with OPS.el / .text() only. */
(function ($, OPS) {
  'use strict';

  var el = OPS.el;
  var COLLAPSE_OVER = 8;
  var NO_SITE = '(no site)';
  var STORE = 'ops-center.groups.';
  var lists = [];
  var query = '';

  function load(kind) {
    try { return JSON.parse(window.localStorage.getItem(STORE + kind) || '{}') || {}; } catch (e) { return {}; }
  }

  function save(kind, open) {
    try { window.localStorage.setItem(STORE + kind, JSON.stringify(open)); } catch (e) { /* private mode: not kept */ }
  }

  function has(text, q) { return String(text === null || text === undefined ? '' : text).toLowerCase().indexOf(q) >= 0; }

  /* opts: box (selector), kind ("pdus"), noun ([one, many]), item(entry) -> $element, title(entry) -> name,
   * parts(entry) -> [texts of the outlets / ports, in DOM order], partSel (".outlet"), summary(entries) -> text,
   * alarms(entry) -> number. */
  function GroupList(opts) {
    this.o = opts;
    this.open = load(opts.kind);
    this.groups = [];
    lists.push(this);
    var self = this;
    $(opts.box).on('click', '.site-head', function () { self.toggle($(this).closest('.site-group').data('idx')); });
  }

  GroupList.prototype.isOpen = function (g) {
    if (query) { return g.hits > 0; }
    if (this.flat) { return true; }
    var stored = this.open[g.name];
    return stored === undefined ? this.total <= COLLAPSE_OVER : !!stored;
  };

  /* Rebuild from a snapshot's entries (headers always, bodies of open groups only). */
  GroupList.prototype.render = function (entries) {
    var o = this.o, bySite = {}, names = [];
    this.total = entries.length;
    entries.forEach(function (e) {
      var site = e.site ? String(e.site) : NO_SITE;
      if (!bySite[site]) { bySite[site] = []; names.push(site); }
      bySite[site].push(e);
    });
    names.sort(function (a, b) { return a === NO_SITE ? 1 : (b === NO_SITE ? -1 : a.localeCompare(b)); });
    this.flat = names.length === 1 && names[0] === NO_SITE;  // nothing to group by: no header at all
    this.groups = names.map(function (name) {
      var list = bySite[name];
      return { name: name, entries: list, built: false,
               keys: list.map(function (e) {
                 return { title: String(o.title(e)).toLowerCase(),
                          parts: o.parts(e).map(function (t) { return String(t).toLowerCase(); }) };
               }) };
    });
    var $box = $(o.box).empty();
    var self = this;
    this.groups.forEach(function (g, idx) { $box.append(self.frame(g, idx)); });
    $box.append(el('p', 'muted group-nomatch', 'no match').prop('hidden', true));
    this.filter();
  };

  GroupList.prototype.frame = function (g, idx) {
    var o = this.o, n = g.entries.length;
    var alarms = g.entries.reduce(function (sum, e) { return sum + (o.alarms(e) || 0); }, 0);
    var $g = el('div', 'site-group' + (this.flat ? ' is-flat' : '')).attr({ 'data-site': g.name, 'data-idx': idx });
    if (!this.flat) {
      var $head = el('button', 'site-head' + (alarms ? ' has-alarm' : '')).attr({ type: 'button', 'aria-expanded': 'false' });
      $head.append(el('span', 'site-caret', '▸'));
      $head.append(el('span', 'site-name', g.name));
      $head.append(el('span', 'site-count mono', '— ' + n + ' ' + (n === 1 ? o.noun[0] : o.noun[1]) + ', ' +
                      (alarms ? alarms + (alarms === 1 ? ' alarm' : ' alarms') : 'no alarm')));
      $head.append(el('span', 'site-summary muted', o.summary(g.entries)));
      $g.append($head);
    }
    g.$el = $g;
    g.$body = el('div', 'site-body');
    $g.append(g.$body);
    return $g;
  };

  /* Build a group's items the first time it is shown (part elements kept for the search's marks). */
  GroupList.prototype.build = function (g) {
    if (g.built) { return false; }
    var o = this.o;
    g.nodes = g.entries.map(function (e) {
      var $item = o.item(e);
      g.$body.append($item);
      return { $item: $item, parts: $item.find(o.partSel).get() };
    });
    g.built = true;
    return true;
  };

  GroupList.prototype.show = function (g) {
    var open = this.isOpen(g), opened = false;
    if (open) { opened = this.build(g); }
    g.$body.prop('hidden', !open);
    g.$el.toggleClass('is-open', open).find('.site-head').attr('aria-expanded', open ? 'true' : 'false')
      .find('.site-caret').text(open ? '▾' : '▸');
    return opened;
  };

  GroupList.prototype.toggle = function (idx) {
    var g = this.groups[idx];
    if (!g) { return; }
    if (query) { return; }  // while searching the groups follow the hits
    this.open[g.name] = !this.isOpen(g);
    save(this.o.kind, this.open);
    if (this.show(g)) { $(document).trigger('ops:groups-opened'); }
  };

  /* Apply the current query: hit counts from the data, marks only on built (visible) groups. */
  GroupList.prototype.filter = function () {
    var self = this, q = query, any = false, opened = false;
    this.groups.forEach(function (g) {
      g.hits = 0;
      var marks = g.keys.map(function (k) {
        if (!q) { return null; }
        var whole = has(k.title, q);
        var parts = k.parts.map(function (t) { return has(t, q); });
        var hit = whole || parts.some(Boolean);
        if (hit) { g.hits += 1; }
        return { hit: hit, whole: whole, parts: parts };
      });
      any = any || g.hits > 0;
      g.$el.prop('hidden', !!q && g.hits === 0);
      opened = self.show(g) || opened;
      if (!g.built) { return; }
      g.nodes.forEach(function (node, i) {
        var m = marks[i];
        node.$item.toggleClass('is-filtered', !!(m && !m.hit));
        node.parts.forEach(function (part, j) {
          var on = !!(m && m.hit && !m.whole && m.parts[j]);
          var off = !!(m && m.hit && !m.whole && !m.parts[j]);
          part.classList.toggle('is-hit', on);
          part.classList.toggle('is-miss', off);
        });
      });
    });
    $(this.o.box).find('.group-nomatch').prop('hidden', !q || any || !this.total);
    if (opened) { $(document).trigger('ops:groups-opened'); }
    return any;
  };

  var timer = null;
  function search(text) {
    query = $.trim(String(text || '')).toLowerCase();
    var hits = 0;
    lists.forEach(function (l) { if (l.groups.length) { hits += l.filter() ? 1 : 0; } });
    $('body').attr('data-search', query);
    $('#find-status').text(query && !hits ? 'no match' : '');
  }

  $('#find').on('input search', function () {
    var value = this.value;
    clearTimeout(timer);
    timer = setTimeout(function () { search(value); }, 150);
  }).on('keydown', function (e) {
    if (e.key === 'Escape') { this.value = ''; clearTimeout(timer); search(''); }
  });

  OPS.groups = { GroupList: GroupList, search: search, COLLAPSE_OVER: COLLAPSE_OVER, NO_SITE: NO_SITE,
                 query: function () { return query; } };
}(jQuery, window.OPS));
