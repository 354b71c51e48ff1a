/* Operations Command Center - incidents: the dashboard's strip (the snapshot's "incidents"), and the pieces
 * the incidents page shares (OPS.inbox): an incident row, ACK / STICKY ACK, and the two-click SILENCE menu
 * ("silence pve01 for 1 h"). Vendor text goes in with OPS.el / .text() only. */
(function ($, F, OPS) {
  'use strict';

  var el = OPS.el;
  var DURATIONS = [[60, '1 h'], [240, '4 h'], [1440, '1 d']];
  var $strip = $('#incidents-section');
  var base = ($strip.data('page') || $('body').data('page') || '/ops/incidents').replace(/\/$/, '');
  var api = $strip.data('api') || $('body').data('api') || '/ops/api/incidents';
  var maintUrl = $strip.data('maintenance') || $('body').data('maintenance') || '/ops/api/maintenance';

  function toast($panel, text, ok) {
    var $slot = $panel.find('.toast-slot').first();
    $slot.empty().append(el('div', 'toast ' + (ok ? 'toast-ok' : 'toast-err'), text).attr('role', 'status'));
  }

  /* What a silence covers: an element (host:pve01) or, for a source's own burst, the source. */
  function scopeOf(root) {
    if (!root) { return null; }
    if (root.kind === 'source' && String(root.ref).indexOf('source:') !== 0) {
      return { scope_kind: 'source', scope: root.ref, name: root.ref };
    }
    return { scope_kind: 'entity', scope: root.ref, name: root.name || root.ref };
  }

  /* Click one: the menu opens; click two: a duration starts the window. */
  function silenceButton(scope, onDone) {
    var $wrap = el('span', 'silence-wrap');
    var $btn = el('button', 'btn-link btn-silence', 'SILENCE').attr({ type: 'button', 'aria-expanded': 'false',
      'aria-haspopup': 'true', title: 'Maintenance window over ' + scope.name + ' (events are kept and marked)' });
    var $menu = el('div', 'silence-menu').attr('role', 'menu').prop('hidden', true);
    DURATIONS.forEach(function (d) {
      $menu.append(el('button', 'btn-link btn-silence-for', 'silence ' + scope.name + ' for ' + d[1])
        .attr({ type: 'button', role: 'menuitem', 'data-minutes': d[0] }));
    });
    $btn.on('click', function () {
      var open = $menu.prop('hidden');
      $('.silence-menu').prop('hidden', true);
      $('.btn-silence').attr('aria-expanded', 'false');
      $menu.prop('hidden', !open);
      $btn.attr('aria-expanded', open ? 'true' : 'false');
      if (open) { $menu.find('button').first().trigger('focus'); }
    });
    $menu.on('click', '.btn-silence-for', function () {
      var minutes = parseInt($(this).attr('data-minutes'), 10);
      $menu.prop('hidden', true);
      $btn.attr('aria-expanded', 'false');
      OPS.api.postJson(maintUrl, { scope_kind: scope.scope_kind, scope: scope.scope, minutes: minutes })
        .done(function (w) { onDone(true, 'Silenced ' + scope.name + ' until ' + F.dayClock(w.ends_at) + ' (events kept, marked)'); })
        .fail(function (xhr) { onDone(false, 'Silence failed: ' + OPS.errorOf(xhr)); });
    });
    return $wrap.append($btn, $menu);
  }

  function ack(url, sticky, onDone) {
    OPS.api.postJson(url, { sticky: !!sticky })
      .done(function (r) {
        onDone(true, (sticky ? 'Acknowledged until recovery' : 'Acknowledged') + ' (' + r.count + ' event' +
               (r.count === 1 ? '' : 's') + (r.result === 'partial' ? '; a write-back failed' : '') + ')');
      })
      .fail(function (xhr) { onDone(false, 'Acknowledge failed: ' + OPS.errorOf(xhr)); });
  }

  /* One incident as a list row; actions only for operators and live incidents. */
  function incidentItem(inc, opts) {
    var $li = el('li', 'incident sev-' + inc.severity + ' state-' + inc.state)
      .attr('data-incident-id', inc.id === null ? 'watcher' : inc.id);
    var $top = el('div', 'inc-top');
    $top.append(el('span', 'sev', String(inc.severity).toUpperCase()));
    var $title = inc.id === null ? el('span', 'inc-title', inc.title)
      : el('a', 'inc-title', inc.title).attr('href', base + '?id=' + inc.id);
    $top.append($title);
    $li.append($top);
    var $meta = el('div', 'inc-meta mono');
    $meta.append(el('span', 'tag tag-state tag-' + inc.state, String(inc.state).toUpperCase()));
    if (inc.in_maintenance) { $meta.append(el('span', 'tag tag-maint', 'MAINTENANCE')); }
    if (inc.root) { $meta.append(el('span', 'inc-root', 'root: ' + inc.root.name)); }
    if (inc.members) { $meta.append(el('span', '', inc.members + ' event' + (inc.members === 1 ? '' : 's'))); }
    if ((inc.sources || []).length) { $meta.append(el('span', 'inc-sources', (inc.sources || []).join(', '))); }
    if (inc.opened_at) {
      $meta.append(el('time', 'when', (inc.state === 'resolved' ? 'resolved ' + F.ago(inc.resolved_at) : 'opened ' + F.ago(inc.opened_at)))
        .attr({ datetime: inc.opened_at, title: F.dateTime(inc.opened_at) + ' (' + F.zone() + ')' }));
    }
    $li.append($meta);
    if (opts.canControl && inc.id !== null && inc.state !== 'resolved') {
      var $act = el('div', 'inc-actions');
      if (inc.state === 'open') {
        $act.append(el('button', 'btn-ack', 'ACK').attr({ type: 'button', 'data-sticky': '0' }));
        $act.append(el('button', 'btn-ack', 'ACK UNTIL RECOVERY').attr({ type: 'button', 'data-sticky': '1' }));
        $act.on('click', '.btn-ack', function () {
          ack(api + '/' + inc.id + '/ack', $(this).attr('data-sticky') === '1', opts.done);
        });
      }
      var scope = scopeOf(inc.root);
      if (scope) { $act.append(silenceButton(scope, opts.done)); }
      // A root that is a host, or an outlet powering one, can be power-cycled with proof in one click.
      if (OPS.cycle && inc.root && inc.state !== 'resolved') { OPS.cycle.offer(inc.root.ref, $act); }
      $li.append($act);
    }
    return $li;
  }

  OPS.inbox = { incidentItem: incidentItem, silenceButton: silenceButton, ack: ack, toast: toast, scopeOf: scopeOf };

  if (!OPS.sections || !$strip.length) { return; }

  OPS.sections.register('incidents', function (snap, ctx) {
    if ($strip.find('.silence-menu:not([hidden])').length) { return; }  // mid-choice: the next poll redraws
    var all = snap.incidents || [];
    var live = all.filter(function (i) { return i.state !== 'resolved'; });
    var resolved = all.filter(function (i) { return i.state === 'resolved'; });
    var open = live.filter(function (i) { return i.state === 'open'; }).length;
    $strip.find('h2 .count').toggleClass('count-zero', open === 0).find('.n').text(open);
    var opts = { canControl: ctx.cfg.canControl, done: function (ok, text) {
      toast($strip, text, ok);
      if (ok) { OPS.dashboard.poll(false); }
    } };
    var $list = $strip.find('.incident-list').first().empty();
    if (!live.length) { $list.append(el('li', 'all-clear', 'No open incidents')); }
    live.forEach(function (inc) { $list.append(incidentItem(inc, opts)); });
    var $group = $strip.find('.resolved-group').prop('hidden', resolved.length === 0);
    $group.find('summary .n').text(resolved.length);
    var $res = $group.find('.incidents-resolved').empty();
    resolved.forEach(function (inc) { $res.append(incidentItem(inc, opts)); });
  });

  $(document).on('click', function (e) {
    if (!$(e.target).closest('.silence-wrap').length) {
      $('.silence-menu').prop('hidden', true);
      $('.btn-silence').attr('aria-expanded', 'false');
    }
  });
}(jQuery, window.OpsFormat, window.OPS));
