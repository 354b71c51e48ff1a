/* Operations Command Center - the incidents page: the incident list, the selected incident's timeline (every
 * member event from every system on one time axis, the root highlighted, the audited actions interleaved),
 * the inbox of every event with filters and search, and the maintenance windows. Text goes in with
 * OPS.el / .text() only: vendor text is untrusted. */
(function ($, F, OPS) {
  'use strict';

  var el = OPS.el, inbox = OPS.inbox;
  var $body = $('body');
  var cfg = { api: $body.data('api'), events: $body.data('events'), maint: $body.data('maintenance'),
              page: $body.data('page'), canControl: String($body.data('can-control')) === '1',
              refresh: parseInt($body.data('refresh'), 10) || 30 };
  var state = { selected: String($body.data('selected') || ''), filters: {}, sources: {} };

  function panelDone($panel) {
    return function (ok, text) {
      inbox.toast($panel, text, ok);
      if (ok) { refreshAll(); }
    };
  }

  function busy() { return $('.silence-menu:not([hidden])').length > 0; }

  /* ---------------------------------------------------------------- incidents */
  function loadIncidents() {
    return OPS.api.getJson(cfg.api, { state: $('#inc-state').val() || undefined }).done(function (r) {
      var $list = $('#incident-list').empty();
      var opts = { canControl: cfg.canControl, done: panelDone($('#incident-list-panel')) };
      if (!r.incidents.length) { $list.append(el('li', 'all-clear', 'No incidents')); }
      r.incidents.forEach(function (inc) {
        $list.append(inbox.incidentItem(inc, opts).toggleClass('is-selected', String(inc.id) === state.selected));
      });
      if (!state.selected && r.incidents.length) { select(String(r.incidents[0].id), true); }
    });
  }

  function select(id, quiet) {
    state.selected = id;
    $('#incident-list .incident').each(function () {
      $(this).toggleClass('is-selected', String($(this).attr('data-incident-id')) === id);
    });
    if (!quiet && window.history && window.history.replaceState) {
      window.history.replaceState(null, '', cfg.page + '?id=' + encodeURIComponent(id));
    }
    return loadTimeline();
  }

  /* ---------------------------------------------------------------- timeline */
  function ms(iso) { var t = Date.parse(iso); return isNaN(t) ? null : t; }

  function pct(t, start, span) { return Math.max(0, Math.min(100, 100 * (t - start) / span)); }

  function eventText(ev) {
    return (ev.relation === 'root' ? 'ROOT · ' : (ev.relation ? ev.relation.toUpperCase() + ' · ' : '')) + ev.title +
      (ev.entity ? ' [' + ev.entity + ']' : '');
  }

  function renderTimeline(d) {
    var inc = d.incident, start = ms(d.axis.start), end = ms(d.axis.end);
    var span = Math.max(1000, end - start);
    $('#tl-empty').prop('hidden', true);
    $('#tl-title').text(inc.title);
    $('.tl-state').empty().append(el('span', 'tag tag-state tag-' + inc.state, inc.state.toUpperCase()));
    if (inc.in_maintenance) { $('.tl-state').append(' ', el('span', 'tag tag-maint', 'MAINTENANCE')); }
    $('#tl-root').empty().append('Root: ', el('b', '', inc.root.name), ' · ' + inc.members + ' events from ' +
      inc.sources.join(', ') + ' · opened ', el('time', 'when', F.dayClock(inc.opened_at)).attr('datetime', inc.opened_at));
    var $act = $('.tl-actions').empty();
    if (cfg.canControl && inc.state !== 'resolved') {
      var done = panelDone($('#timeline-panel'));
      if (inc.state === 'open') {
        $act.append(el('button', 'btn-ack', 'ACK').attr('type', 'button').on('click', function () {
          inbox.ack(cfg.api + '/' + inc.id + '/ack', false, done);
        }));
        $act.append(el('button', 'btn-ack', 'ACK UNTIL RECOVERY').attr('type', 'button').on('click', function () {
          inbox.ack(cfg.api + '/' + inc.id + '/ack', true, done);
        }));
      }
      if (inbox.scopeOf(inc.root)) { $act.append(inbox.silenceButton(inbox.scopeOf(inc.root), done)); }
    }
    var lanes = {}, order = [];
    d.timeline.forEach(function (t) {
      var key = t.type === 'action' ? 'ACTIONS' : t.event.source;
      if (!lanes[key]) { lanes[key] = []; order.push(key); }
      lanes[key].push(t);
    });
    var $lanes = $('#tl-lanes').empty();
    order.forEach(function (key) {
      var $track = el('div', 'tl-track');
      lanes[key].forEach(function (t) {
        var at = ms(t.at);
        if (t.type === 'action') {
          $track.append(el('span', 'tl-mark res-' + t.result).css('left', pct(at, start, span) + '%')
            .attr('title', F.clock(t.at) + ' ' + t.action + ' ' + t.target + ' → ' + t.result + ' (' + (t.username || '-') + ')'));
          return;
        }
        var ev = t.event, stop = t.end ? ms(t.end) : end;
        $track.append(el('span', 'tl-bar sev-' + ev.severity + (ev.relation === 'root' ? ' is-root' : '') +
                         (ev.state === 'resolved' ? ' is-resolved' : ''))
          .css({ left: pct(at, start, span) + '%', width: Math.max(0.4, pct(stop, start, span) - pct(at, start, span)) + '%' })
          .attr({ title: eventText(ev) + ' — ' + F.clock(t.at) + (t.end ? '–' + F.clock(t.end) : ' (firing)'),
                  'data-relation': ev.relation || '' }));
      });
      $lanes.append(el('div', 'tl-lane').attr('data-lane', key).append(el('span', 'tl-label', key).attr('title', key), $track));
    });
    var $ticks = $('#tl-axis').prop('hidden', false).find('.tl-ticks').empty();
    [0, 0.5, 1].forEach(function (f) { $ticks.append(el('span', '', F.clock(new Date(start + f * span).toISOString()))); });
    var $list = $('#tl-list').empty();
    d.timeline.forEach(function (t) {
      var isAction = t.type === 'action';
      var $li = el('li', 'tl-item' + (isAction ? ' is-action' : '') + (!isAction && t.event.relation === 'root' ? ' is-root' : ''));
      $li.append(el('time', 'mono when', F.clock(t.at)).attr({ datetime: t.at, title: F.dateTime(t.at) }));
      $li.append(el('span', 'who', isAction ? (t.username || '-') : t.event.source));
      $li.append(el('span', 'what', isAction
        ? t.action + ' ' + t.target + ' → ' + t.result + (t.error ? ' (' + t.error + ')' : '')
        : eventText(t.event) + (t.end ? ' · resolved ' + F.clock(t.end) : ' · firing') + ' · seen ' + t.event.count + '×'));
      $list.append($li);
    });
  }

  function loadTimeline() {
    if (!state.selected) { return $.Deferred().resolve().promise(); }
    return OPS.api.getJson(cfg.api + '/' + encodeURIComponent(state.selected)).done(renderTimeline)
      .fail(function (xhr) { inbox.toast($('#timeline-panel'), 'Timeline: ' + OPS.errorOf(xhr), false); });
  }

  /* ---------------------------------------------------------------- inbox */
  function eventRow(ev) {
    var $tr = el('tr', 'state-' + ev.state + ' sev-' + ev.severity).attr('data-event-id', ev.id);
    $tr.append(el('td', 'mono when').append(el('time', '', F.dayClock(ev.last_seen)).attr('datetime', ev.last_seen)));
    $tr.append(el('td', 'status-' + (ev.severity === 'critical' ? 'down' : ev.severity === 'warning' ? 'degraded' : 'unknown'),
                  ev.severity.toUpperCase()));
    var $st = el('td', '', ev.state);
    if (ev.maintenance_id) { $st.append(' ', el('span', 'tag tag-maint', 'MAINT')); }
    $tr.append($st, el('td', 'mono', ev.source));
    $tr.append(el('td', 'title').append(el('div', '', ev.title), ev.detail ? el('div', 'muted', ev.detail) : null));
    $tr.append(el('td', 'mono', ev.entity || ''), el('td', 'mono', ev.count + '×'));
    $tr.append(el('td').append(ev.incident_id ? el('a', '', '#' + ev.incident_id).attr('href', cfg.page + '?id=' + ev.incident_id) : null));
    $tr.append(el('td', 'mono', ev.ack ? ev.ack.kind + ' · ' + ev.ack.by : ''));
    var $act = el('div', 'row-actions');
    if (cfg.canControl && ev.state === 'firing') {
      var done = panelDone($('#inbox-panel')), url = cfg.events.replace(/\/$/, '') + '/' + ev.id;
      if (ev.ack) {
        $act.append(el('button', 'btn-link', 'UNACK').attr('type', 'button').on('click', function () {
          OPS.api.postJson(url + '/unack', {}).done(function () { done(true, 'Acknowledgement removed'); })
            .fail(function (xhr) { done(false, 'Failed: ' + OPS.errorOf(xhr)); });
        }));
      } else {
        $act.append(el('button', 'btn-link', 'ACK').attr('type', 'button').on('click', function () { inbox.ack(url + '/ack', false, done); }));
        $act.append(el('button', 'btn-link', 'STICKY').attr({ type: 'button', title: 'acknowledge until recovery' })
          .on('click', function () { inbox.ack(url + '/ack', true, done); }));
      }
      var scope = ev.entity ? { scope_kind: 'entity', scope: ev.entity, name: ev.entity.split(':').slice(1).join(':') }
        : { scope_kind: 'source', scope: ev.source, name: ev.source };
      $act.append(inbox.silenceButton(scope, done));
    }
    return $tr.append(el('td').append($act));
  }

  function loadEvents() {
    var params = {};
    $.each(state.filters, function (k, v) { if (v) { params[k] = v; } });
    return OPS.api.getJson(cfg.events, params).done(function (r) {
      var $tb = $('#inbox tbody').empty();
      if (!r.events.length) { $tb.append(el('tr').append(el('td', 'muted', 'No event matches.').attr('colspan', 10))); }
      r.events.forEach(function (ev) {
        $tb.append(eventRow(ev));
        if (!state.sources[ev.source]) {
          state.sources[ev.source] = true;
          $('#inbox-source').append(el('option', '', ev.source).attr('value', ev.source));
        }
      });
      $('#inbox-total').text(r.events.length + ' of ' + r.total + ' event' + (r.total === 1 ? '' : 's'));
    });
  }

  /* ---------------------------------------------------------------- maintenance */
  function loadMaintenance() {
    return OPS.api.getJson(cfg.maint).done(function (r) {
      var $list = $('#maint-list').empty();
      if (!r.windows.length) { $list.append(el('li', 'muted', 'No maintenance window today.')); }
      r.windows.forEach(function (w) {
        var $li = el('li').attr('data-window-id', w.id);
        $li.append(el('span', 'tag ' + (w.active ? 'tag-maint' : 'tag-state'), w.active ? 'ACTIVE' : 'ENDED'));
        $li.append(el('span', 'mono', w.scope_kind + ' ' + w.scope));
        $li.append(el('span', 'muted', F.dayClock(w.starts_at) + ' – ' + F.dayClock(w.ends_at) + ' · by ' + (w.created_by || '-')));
        if (w.active && cfg.canControl) {
          $li.append(el('button', 'btn-link', 'END NOW').attr('type', 'button').on('click', function () {
            OPS.api.postJson(cfg.maint + '/' + w.id + '/end', {}).done(refreshAll);
          }));
        }
        $list.append($li);
      });
    });
  }

  function refreshAll() {
    if (busy()) { return; }
    loadIncidents();
    loadTimeline();
    loadEvents();
    loadMaintenance();
  }

  $('#incident-list').on('click', 'a.inc-title', function (e) {
    e.preventDefault();
    select(String($(this).closest('.incident').attr('data-incident-id')));
  });
  $('#inc-state').on('change', loadIncidents);
  $('#inbox-filters').on('submit', function (e) {
    e.preventDefault();
    state.filters = {};
    $.each($(this).serializeArray(), function (_i, f) { state.filters[f.name] = $.trim(f.value); });
    loadEvents();
  });
  $('#tz-zone').text('times in ' + F.zone());
  $(function () {
    refreshAll();
    setInterval(function () { if (!document.hidden) { refreshAll(); } }, cfg.refresh * 1000);
    $body.attr('data-loaded', '1');
  });
}(jQuery, window.OpsFormat, window.OPS));
