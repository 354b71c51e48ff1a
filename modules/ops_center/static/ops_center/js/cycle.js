/* Operations Command Center - power-cycle with proof. An outlet that powers a mapped host (topology link
 * outlet -> host) gets a CYCLE & PROVE button in the outlet dialog; the confirmation names the outlet and
 * the host; the page then polls GET /ops/api/cycles/<id> and ticks the steps (outlet off -> on, switch port
 * down -> up, host answers) until the verdict. OPS.cycle.offer(entity, $box) adds the same one-click cycle for
 * an incident's root (a host, or an outlet powering one) on a page that includes the cycle dialog.
 * Every string from an upstream is set with .text(). */
(function ($, OPS) {
  'use strict';

  var D = OPS.dashboard || null;
  var el = OPS.el;
  var base = D ? D.cfg.base : '/ops/';         // "/ops/"
  var targets = {};                            // pdu -> {outlet number: host}
  var asked = {};                              // pdu -> true once its targets were asked for
  var current = null;                          // the outlet being cycled
  var timer = null;
  var MARK = { ok: '✔', failed: '✘', unknown: '?', skipped: '–', pending: '…' };

  function loadTargets() {
    $('#pdus .pdu').each(function () {
      var pdu = String($(this).data('pdu'));
      if (asked[pdu]) { return; }
      asked[pdu] = true;
      OPS.api.getJson(base + 'api/pdu/' + encodeURIComponent(pdu) + '/cycle-targets')
        .done(function (r) { targets[pdu] = r.targets || {}; })
        .fail(function () { delete asked[pdu]; });
    });
  }

  function secs(v) { return v === null || v === undefined ? '' : '+' + Number(v).toFixed(1) + ' s'; }

  function renderSteps(doc) {
    var $ol = $('#cycle-steps').empty().prop('hidden', false);
    (doc.steps || []).forEach(function (s) {
      var $li = el('li', 'cycle-step step-' + s.state).attr('data-step', s.key);
      $li.append(el('span', 'step-mark', MARK[s.state] || '?'));
      $li.append(el('span', 'step-label', s.label));
      var times = [];
      if (s.down_at !== null && s.down_at !== undefined) { times.push('down ' + secs(s.down_at)); }
      if (s.at !== null && s.at !== undefined) { times.push((s.down_at !== null && s.down_at !== undefined ? 'up ' : '') + secs(s.at)); }
      $li.append(el('span', 'step-time mono', times.join(' · ')));
      if (s.detail) { $li.append(el('span', 'step-detail muted', s.detail)); }
      $ol.append($li);
    });
    if (doc.state === 'done') {
      $('#cycle-verdict').text(String(doc.verdict || 'unknown').toUpperCase().replace('_', ' ') + ' — ' +
                               String(doc.summary || '').replace(/^[a-z ]+: /, ''))
        .attr('class', 'cycle-verdict verdict-' + doc.verdict).prop('hidden', false);
    } else {
      $('#cycle-verdict').text('Proving… (deadline ' + doc.deadline + ' s)').attr('class', 'cycle-verdict').prop('hidden', false);
    }
  }

  function follow(id) {
    OPS.api.getJson(base + 'api/cycles/' + encodeURIComponent(id))
      .done(function (doc) {
        renderSteps(doc);
        if (doc.state !== 'done') { timer = setTimeout(function () { follow(id); }, 1000); } else if (D) { D.poll(false); }
      })
      .fail(function (xhr) {
        $('#cycle-verdict').text('Cannot read the cycle: ' + OPS.errorOf(xhr) + ' (retrying)').prop('hidden', false);
        timer = setTimeout(function () { follow(id); }, 3000);
      });
  }

  function ask() {
    var o = current;
    clearTimeout(timer);
    $('#cycle-question').text('Power-cycle outlet ' + o.number + " '" + o.name + "' on " + o.pduName +
      ' — it powers host ' + o.host + ' — and prove that ' + o.host + ' comes back?');
    $('#cycle-protect').prop('hidden', !o.protected);
    $('#cycle-confirm-name').val('');
    $('#cycle-steps').empty().prop('hidden', true);
    $('#cycle-verdict').prop('hidden', true);
    $('#cycle-confirm').prop('hidden', false).prop('disabled', o.protected);
    var dlg = document.getElementById('cycle-dialog');
    if (!dlg.open) { dlg.showModal(); }
  }

  function start() {
    var o = current;
    $('#cycle-confirm').prop('disabled', true);
    $('#cycle-protect').prop('hidden', true);
    OPS.api.postJson(base + 'api/pdu/' + encodeURIComponent(o.pdu) + '/outlets/' + encodeURIComponent(o.number) + '/cycle',
                     { confirm_name: o.protected ? $('#cycle-confirm-name').val() : undefined })
      .done(function (r) {
        $('#cycle-confirm').prop('hidden', true);
        $('#cycle-verdict').text('Cycle started: proving…').prop('hidden', false);
        follow(r.cycle);
      })
      .fail(function (xhr) {
        $('#cycle-verdict').text('NOT STARTED — ' + OPS.errorOf(xhr)).attr('class', 'cycle-verdict verdict-not_recovered')
          .prop('hidden', false);
        $('#cycle-confirm').prop('hidden', true);
      });
  }

  /* After controls.js opened the outlet dialog: offer the cycle when the outlet powers a mapped host. */
  $('#pdus').on('click', '.outlet', function () {
    var $btn = $(this);
    var $pdu = $btn.closest('.pdu');
    var pdu = String($pdu.data('pdu'));
    var host = (targets[pdu] || {})[String($btn.data('outlet'))];
    var $cycle = $('#outlet-cycle');
    if (!$cycle.length) {
      $cycle = el('button', 'btn btn-warn', 'CYCLE & PROVE').attr({ type: 'button', id: 'outlet-cycle' });
      $('#outlet-dialog .dialog-actions #outlet-confirm').before($cycle);
    }
    $cycle.prop('hidden', !host);
    if (!host) { return; }
    current = { pdu: pdu, pduName: $pdu.find('.pdu-name').text(), number: $btn.data('outlet'), host: host,
                name: String($btn.data('name')), protected: $btn.hasClass('is-protected') };
    $cycle.attr('title', 'Power-cycle and prove that ' + host + ' comes back');
  });
  $(document).on('click', '#outlet-cycle', function () {
    var dlg = document.getElementById('outlet-dialog');
    if (dlg.open) { dlg.close(); }
    ask();
  });
  $('#cycle-confirm').on('click', start);
  $('#cycle-cancel').on('click', function () {
    clearTimeout(timer);
    document.getElementById('cycle-dialog').close();
  });
  $('#cycle-confirm-name').on('input', function () {
    $('#cycle-confirm').prop('disabled', $(this).val() !== current.name);
  });
  /* One click from an incident whose root is a host or an outlet powering one: the same confirmation. */
  function offer(entity, $box) {
    if (!entity || !$('#cycle-dialog').length) { return; }
    OPS.api.getJson(base + 'api/cycle-offer', { entity: entity }).done(function (r) {
      $box.append(el('button', 'btn btn-warn', 'CYCLE & PROVE').attr({ type: 'button',
        title: 'Power-cycle outlet ' + r.outlet + ' on ' + r.pdu + ' and prove that ' + r.host + ' comes back' })
        .on('click', function () {
          current = { pdu: r.pdu, pduName: r.pdu, number: r.outlet, host: r.host, name: r.name, protected: r.protected };
          ask();
        }));
    });
  }

  OPS.cycle = { offer: offer };
  $(document).on('ops:rendered', loadTargets);
  loadTargets();
}(jQuery, window.OPS));
