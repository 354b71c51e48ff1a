/* Operations Command Center - settings page: notification targets (list, add/update, test, disable, remove).
 * The Apprise URL is write-only: the server answers with the service name and a mask, never the URL;
 * an empty URL on update keeps the stored one. A test message is queued for the watcher. */
(function ($, OPS) {
  'use strict';

  var $panel = $('#notify');
  if (!$panel.length) { return; }
  var url = $panel.data('notify-url');
  var canControl = String($('body').data('can-control')) === '1';
  var el = OPS.el;
  var errorOf = OPS.errorOf;
  var sendJson = OPS.api.sendJson;

  function result(ok, text) {
    $('#notify-result').attr('class', 'form-result ' + (ok ? 'status-ok' : 'status-down')).text(text);
  }

  function filters(t) {
    var parts = ['≥ ' + t.min_severity];
    if (t.sources.length) { parts.push('sources: ' + t.sources.join(', ')); }
    if (t.entities.length) { parts.push('entities: ' + t.entities.join(', ')); }
    if (t.quiet_hours) { parts.push('quiet ' + t.quiet_hours); }
    return parts.join('; ');
  }

  function status(t) {
    if (!t.active) { return el('td', 'muted', 'disabled'); }
    if (t.failing) { return el('td', 'status-down', 'FAILING (' + t.failures + ' in a row): ' + (t.last_error || '')); }
    return el('td', 'status-ok', t.failures ? 'retrying: ' + (t.last_error || '') : 'ok');
  }

  function button(cls, text, t) {
    return el('button', 'btn ' + cls, text).attr('type', 'button').data('target', t);
  }

  function render(list) {
    var $tb = $('#notify-targets tbody').empty();
    if (!list.length) {
      $tb.append(el('tr').append(el('td', 'muted', 'No targets: nothing is sent.').attr('colspan', 7)));
      return;
    }
    list.forEach(function (t) {
      var $act = el('td');
      if (canControl) {
        $act.append(button('n-test', 'TEST', t), ' ', button('n-toggle', t.active ? 'DISABLE' : 'ENABLE', t), ' ',
                    button('n-edit', 'EDIT', t), ' ', button('btn-danger n-remove', 'REMOVE', t));
      }
      $tb.append(el('tr').append(el('td', null, t.name), el('td', null, t.url), status(t), el('td', null, filters(t)),
                                 el('td', null, t.queued), el('td', null, t.last_sent_at || '-'), $act));
    });
  }

  function load() {
    return OPS.api.getJson(url).done(function (body) { render(body.targets); })
      .fail(function (xhr) { $('#notify-targets tbody').empty().append(el('tr').append(el('td', 'status-down', errorOf(xhr)).attr('colspan', 7))); });
  }

  function listOf(text) {
    return String(text || '').split(',').map(function (s) { return s.trim(); }).filter(Boolean);
  }

  $('#notify-form').on('submit', function (e) {
    e.preventDefault();
    var body = { name: $('#n-name').val(), url: $('#n-url').val(), min_severity: $('#n-sev').val(),
                 sources: listOf($('#n-sources').val()), entities: listOf($('#n-entities').val()),
                 quiet_hours: $('#n-quiet').val() };
    sendJson('POST', url, body)
      .done(function (r) { result(true, (r.created ? 'Saved new target ' : 'Updated ') + r.target.name); $('#n-url').val(''); load(); })
      .fail(function (xhr) { result(false, errorOf(xhr)); });
  });

  $('#notify-targets').on('click', 'button', function () {
    var t = $(this).data('target');
    var base = url + '/' + encodeURIComponent(t.name);
    var $b = $(this);
    if ($b.hasClass('n-test')) {
      sendJson('POST', base + '/test').done(function () { result(true, 'Test message for ' + t.name + ' queued: the watcher sends it within a cycle.'); load(); })
        .fail(function (xhr) { result(false, errorOf(xhr)); });
    } else if ($b.hasClass('n-toggle')) {
      sendJson('POST', base + '/active', { active: !t.active }).done(load).fail(function (xhr) { result(false, errorOf(xhr)); });
    } else if ($b.hasClass('n-edit')) {
      $('#n-name').val(t.name); $('#n-url').val(''); $('#n-sev').val(t.min_severity);
      $('#n-sources').val(t.sources.join(', ')); $('#n-entities').val(t.entities.join(', ')); $('#n-quiet').val(t.quiet_hours);
      result(true, 'Editing ' + t.name + ': leave the URL empty to keep the stored one.');
    } else if ($b.hasClass('n-remove') && window.confirm('Remove notification target ' + t.name + '?')) {
      sendJson('DELETE', base).done(load).fail(function (xhr) { result(false, errorOf(xhr)); });
    }
  });

  load();
}(jQuery, window.OPS));
