/* Operations Command Center - control actions: outlet switching (confirmed, verified), alert
 * acknowledgement with a note, and the switch port table. Every string from an upstream is set with .text(). */
(function ($, F, D) {
  'use strict';

  var canControl = D.cfg.canControl;
  var base = $('body').data('base');          // "/ops/"
  var pending = {};                            // "pdu/number" -> true while an action runs
  var current = { outlet: null, alert: null, ack: true, sw: null };

  $.ajaxSetup({ headers: { 'X-CSRFToken': $('meta[name=csrf-token]').attr('content') } });

  function errorOf(xhr) {
    return (xhr.responseJSON && (xhr.responseJSON.error ? xhr.responseJSON.error.message : xhr.responseJSON.error)) ||
      xhr.statusText || 'no answer';
  }

  function toast(text, ok) {
    var $t = $('#toast').text(text).attr('class', 'toast ' + (ok ? 'toast-ok' : 'toast-err')).prop('hidden', false);
    clearTimeout($t.data('timer'));
    $t.data('timer', setTimeout(function () { $t.prop('hidden', true); }, 9000));
  }

  function postJson(url, body) {
    return $.ajax({ url: url, method: 'POST', contentType: 'application/json', dataType: 'json', data: JSON.stringify(body) });
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
  function pduLabel($pdu) { return $pdu.find('.pdu-name').text(); }

  function askOutlet($btn) {
    var $pdu = $btn.closest('.pdu');
    var o = { pdu: $pdu.data('pdu'), pduName: pduLabel($pdu), number: $btn.data('outlet'), name: String($btn.data('name')),
              state: $btn.data('state'), protected: $btn.hasClass('is-protected') };
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
    closeDialog('outlet-dialog');
    pending[key] = true;
    markPending();
    postJson(base + 'api/pdu/' + encodeURIComponent(o.pdu) + '/outlets/' + encodeURIComponent(o.number),
             { state: state, confirm_name: o.protected ? $('#outlet-confirm-name').val() : undefined })
      .done(function (r) {
        toast('Outlet ' + r.outlet + " '" + r.name + "': " + r.requested.toUpperCase() + ' — ' + r.result.toUpperCase() +
              ' (now ' + String(r.after || 'unknown').toUpperCase() + ')', true);
      })
      .fail(function (xhr) {
        var r = xhr.responseJSON || {};
        var text = r.result ? r.result.toUpperCase() + ': ' + errorOf(xhr) : errorOf(xhr);
        toast('Outlet ' + o.number + " '" + o.name + "' " + state.toUpperCase() + ' — ' + text, false);
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
    var label = a.acknowledged ? 'UN-ACK' : 'ACK';
    $li.find('.alert-meta').append($('<button type="button" class="btn-ack">').text(label)
      .attr('aria-label', (a.acknowledged ? 'Un-acknowledge ' : 'Acknowledge ') + a.title).data('alert', a));
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
    closeDialog('ack-dialog');
    postJson(base + 'api/alerts/' + (current.ack ? 'ack' : 'unack'), { id: a.id, note: $('#ack-note').val() })
      .done(function (r) {
        var wb = r.writeback === 'ok' ? 'written back to ' + a.source : (r.writeback === 'failed' ?
          'WRITE-BACK FAILED: ' + r.writeback_error : 'stored locally (source has no acknowledge API)');
        toast((r.acknowledged ? 'Acknowledged' : 'Re-opened') + ' "' + a.title + '" — ' + wb, r.writeback !== 'failed');
      })
      .fail(function (xhr) { toast('Acknowledge failed: ' + errorOf(xhr), false); })
      .always(function () { D.poll(false); });
  });

  /* ------------------------------------------------------------ switch ports */
  function loadPorts() {
    var sw = current.sw;
    $('#ports-status').text('loading…');
    $.getJSON(base + 'api/switches/' + encodeURIComponent(sw) + '/ports', { state: $('#ports-filter').val() })
      .done(function (r) {
        var s = r.switch;
        $('#ports-dialog-title').text(s.name + ' — ' + s.vendor + ' ' + s.model + ' — ' + s.ports_up + '/' + s.port_count + ' up');
        var src = r.source || {};
        $('#ports-status').text(r.ports.length + ' port(s) shown · updated ' + F.ago(src.last_success_at) +
          (src.error ? ' · ERROR: ' + src.error : ''));
        var $tb = $('#ports-table tbody').empty();
        r.ports.forEach(function (p) {
          var $tr = $('<tr>').addClass('port-row link-' + p.oper + (p.admin === 'down' ? ' admin-down' : ''));
          [p.index, p.name, p.alias || '', p.oper.toUpperCase(), p.admin.toUpperCase(),
           p.speed_mbps ? p.speed_mbps + ' Mbps' : '—', F.bps(p.rx_bps), F.bps(p.tx_bps)].forEach(function (v) {
            $tr.append($('<td>').text(String(v)));
          });
          $tb.append($tr);
        });
      })
      .fail(function (xhr) { $('#ports-status').text('Could not load ports: ' + errorOf(xhr)); });
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
}(jQuery, window.OpsFormat, window.OpsDashboard));
