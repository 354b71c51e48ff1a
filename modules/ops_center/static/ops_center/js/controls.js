/* Operations Command Center - control actions: outlet switching (confirmed, verified), alert
 * acknowledgement with a note, and the switch port table. Every string from an upstream is set with .text(). */
(function ($, F, OPS) {
  'use strict';

  var D = OPS.dashboard;
  var el = OPS.el;
  var canControl = D.cfg.canControl;
  var base = D.cfg.base;                       // "/ops/"
  var pending = {};                            // "pdu/number" -> true while an action runs
  var current = { outlet: null, alert: null, ack: true, sw: null };

  /* The result of an action, shown in the flow of the panel acted on: it never covers a count. */
  function toast(text, ok, $panel) {
    var $t = $('#toast');
    var $slot = ($panel && $panel.find('.toast-slot').first()) || $();
    if ($slot.length && !$.contains($slot[0], $t[0])) { $slot.append($t); }
    $t.text(text).attr('class', 'toast ' + (ok ? 'toast-ok' : 'toast-err')).prop('hidden', false);
    clearTimeout($t.data('timer'));
    $t.data('timer', setTimeout(function () { $t.prop('hidden', true); }, 12000));
  }

  function openDialog(id) {
    var dlg = document.getElementById(id);
    if (!dlg.open) { dlg.showModal(); }
    $(dlg).find('[autofocus]').first().trigger('focus');
  }

  function closeDialog(id) {
    var dlg = document.getElementById(id);
    if (dlg.open) { dlg.close(); }
  }

  /* ------------------------------------------------------------ outlets */
  function askOutlet($btn) {
    var $pdu = $btn.closest('.pdu');
    var o = { pdu: $pdu.data('pdu'), pduName: $pdu.find('.pdu-name').text(), number: $btn.data('outlet'),
              name: String($btn.data('name')), state: $btn.data('state'), protected: $btn.hasClass('is-protected') };
    current.outlet = o;
    var target = o.state === 'on' ? 'off' : 'on';
    $('#outlet-question').text('Turn ' + target.toUpperCase() + ' outlet ' + o.number + " '" + o.name + "' on " + o.pduName + '?');
    $('#outlet-current').text('Current state: ' + String(o.state).toUpperCase() + '.');
    $('#outlet-confirm').text('TURN ' + target.toUpperCase()).data('state', target);
    $('#outlet-reboot').prop('hidden', o.state !== 'on');
    $('#outlet-protect').prop('hidden', !o.protected);
    $('#outlet-confirm-name').val('');
    $('#outlet-confirm, #outlet-reboot').prop('disabled', o.protected);
    openDialog('outlet-dialog');
  }

  function sendOutlet(state) {
    var o = current.outlet;
    var key = o.pdu + '/' + o.number;
    var $panel = $('#power-section');
    closeDialog('outlet-dialog');
    pending[key] = true;
    markPending();
    OPS.api.postJson(base + 'api/pdu/' + encodeURIComponent(o.pdu) + '/outlets/' + encodeURIComponent(o.number),
                     { state: state, confirm_name: o.protected ? $('#outlet-confirm-name').val() : undefined })
      .done(function (r) {
        toast('Outlet ' + r.outlet + " '" + r.name + "': " + r.requested.toUpperCase() + ' — ' + r.result.toUpperCase() +
              ' (now ' + String(r.after || 'unknown').toUpperCase() + ')', true, $panel);
      })
      .fail(function (xhr) {
        var r = xhr.responseJSON || {};
        var text = r.result ? r.result.toUpperCase() + ': ' + OPS.errorOf(xhr) : OPS.errorOf(xhr);
        toast('Outlet ' + o.number + " '" + o.name + "' " + state.toUpperCase() + ' — ' + text, false, $panel);
      })
      .always(function () { delete pending[key]; D.poll(false); });
  }

  function markPending() {
    $('.pdu').each(function () {
      var pdu = $(this).data('pdu');
      $(this).find('.outlet').each(function () {
        var busy = !!pending[pdu + '/' + $(this).data('outlet')];
        $(this).toggleClass('is-pending', busy).attr('aria-busy', busy ? 'true' : null);
      });
    });
  }

  $('#pdus').on('click', '.outlet', function () { if (canControl) { askOutlet($(this)); } });
  $('#outlet-cancel').on('click', function () { closeDialog('outlet-dialog'); });
  $('#outlet-confirm').on('click', function () { sendOutlet($(this).data('state')); });
  $('#outlet-reboot').on('click', function () { sendOutlet('reboot'); });
  $('#outlet-confirm-name').on('input', function () {
    var ok = $(this).val() === current.outlet.name;
    $('#outlet-confirm, #outlet-reboot').prop('disabled', !ok);
  });

  /* ------------------------------------------------------------ alerts */
  $(document).on('ops:alert-item', function (_e, $li, a) {
    if (!canControl) { return; }
    $li.find('.alert-meta').append(el('button', 'btn-ack', a.acknowledged ? 'UN-ACK' : 'ACK')
      .attr({ type: 'button', 'aria-label': (a.acknowledged ? 'Un-acknowledge ' : 'Acknowledge ') + a.title }).data('alert', a));
  });

  $('#alerts-section').on('click', '.btn-ack', function () {
    var a = $(this).data('alert');
    current.alert = a;
    current.ack = !a.acknowledged;
    $('#ack-dialog-title').text(current.ack ? 'ACKNOWLEDGE ALERT' : 'UN-ACKNOWLEDGE ALERT');
    $('#ack-question').text((current.ack ? 'Acknowledge' : 'Re-open') + ' "' + a.title + '" from ' + a.source + '?');
    $('#ack-confirm').text(current.ack ? 'ACKNOWLEDGE' : 'UN-ACKNOWLEDGE');
    $('#ack-note').val('');
    openDialog('ack-dialog');
  });
  $('#ack-cancel').on('click', function () { closeDialog('ack-dialog'); });
  $('#ack-confirm').on('click', function () {
    var a = current.alert;
    var $panel = $('#alerts-section');
    closeDialog('ack-dialog');
    OPS.api.postJson(base + 'api/alerts/' + (current.ack ? 'ack' : 'unack'), { id: a.id, note: $('#ack-note').val() })
      .done(function (r) {
        var wb = r.writeback === 'ok' ? 'written back to ' + a.source : (r.writeback === 'failed' ?
          'WRITE-BACK FAILED: ' + r.writeback_error : 'stored locally (source has no acknowledge API)');
        toast((r.acknowledged ? 'Acknowledged' : 'Re-opened') + ' "' + a.title + '" — ' + wb, r.writeback !== 'failed', $panel);
      })
      .fail(function (xhr) { toast('Acknowledge failed: ' + OPS.errorOf(xhr), false, $panel); })
      .always(function () { D.poll(false); });
  });

  /* ------------------------------------------------------------ switch ports */
  var PORT_COLUMNS = ['#', 'NAME', 'ALIAS', 'LINK', 'ADMIN', 'SPEED', 'RX', 'TX'];

  function loadPorts() {
    $('#ports-status').text('loading…');
    OPS.api.getJson(base + 'api/switches/' + encodeURIComponent(current.sw) + '/ports', { state: $('#ports-filter').val() })
      .done(function (r) {
        var s = r.switch;
        // The switch name is a title; the model keeps its own case (GS1920-48HPv2 is not GS1920-48HPV2).
        $('#ports-dialog-title').empty().append(el('span', '', s.name + ' — '))
          .append(el('span', 'model', [s.vendor, s.model].filter(Boolean).join(' ')))
          .append(el('span', '', ' — ' + s.ports_up + '/' + s.port_count + ' up'));
        var src = r.source || {};
        $('#ports-status').text(r.ports.length + ' port(s) shown · updated ' + F.ago(src.last_success_at) +
          (src.error ? ' · ERROR: ' + src.error : ''));
        var $tb = $('#ports-table tbody').empty();
        r.ports.forEach(function (p) {
          var $tr = el('tr', 'port-row link-' + p.oper + (p.admin === 'down' ? ' admin-down' : ''));
          [p.index, p.name, p.alias || '', String(p.oper).toUpperCase(), String(p.admin).toUpperCase(),
           p.speed_mbps ? p.speed_mbps + ' Mbps' : '—', F.bps(p.rx_bps), F.bps(p.tx_bps)].forEach(function (v, i) {
            $tr.append(el('td', 'c' + i, v).attr('data-label', PORT_COLUMNS[i]));
          });
          $tb.append($tr);
        });
      })
      .fail(function (xhr) { $('#ports-status').text('Could not load ports: ' + OPS.errorOf(xhr)); });
  }

  $('#switches').on('click keydown', '.switch', function (e) {
    if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') { return; }
    e.preventDefault();
    current.sw = $(this).data('switch');
    $('#ports-filter').val('all');
    openDialog('ports-dialog');
    loadPorts();
  });
  $('#ports-filter').on('change', loadPorts);
  $('#ports-close').on('click', function () { closeDialog('ports-dialog'); });

  $(document).on('ops:rendered', markPending);
}(jQuery, window.OpsFormat, window.OPS));
