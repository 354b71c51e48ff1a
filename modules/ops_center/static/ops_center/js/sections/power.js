/* Operations Command Center - power & control: each PDU's load against its rating, its load trend slot
 * (drawn by charts.js) and the outlet grid. Outlets show their number in every state; the state is a word.
 * PDUs are grouped by site (groups.js): a closed group builds nothing until it is opened or searched. */
(function ($, F, OPS) {
  'use strict';

  var el = OPS.el;
  var failing = {};   // source name -> true while its last fetch failed (counts as an alarm of its PDU)

  function level(p) {
    var pct = p.rating_amps ? Math.min(100, 100 * (p.load_amps || 0) / p.rating_amps) : 0;
    return { pct: pct, name: pct >= 80 ? 'crit' : (pct >= 60 ? 'warn' : 'ok') };
  }

  function pduItem(p) {
    var canControl = OPS.dashboard.cfg.canControl;
    var $pdu = el('div', 'pdu').attr('data-pdu', p.source);
    var lv = level(p);
    var $head = el('div', 'pdu-head');
    $head.append(el('span', 'pdu-name stencil', p.name));
    if (p.model) { $head.append(el('span', 'pdu-model muted', p.model)); }
    $head.append(el('span', 'pdu-load mono', F.num(p.load_amps, 1) + ' A / ' + F.num(p.rating_amps, 0) + ' A'));
    $pdu.append($head);
    var $bar = el('div', 'loadbar').attr({ role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': p.rating_amps || 0,
                                           'aria-valuenow': p.load_amps || 0, 'aria-label': p.name + ' load' });
    $bar.append(el('div', 'loadbar-fill level-' + lv.name).css('width', lv.pct.toFixed(1) + '%'));
    $pdu.append($bar);
    $pdu.append(el('div', 'chart-slot pdu-trend').attr({ 'data-chart': 'pdu', 'data-name': p.source,
      'data-label': p.name, 'data-rating': p.rating_amps || '', tabindex: 0, role: 'button',
      'aria-label': p.name + ': open the load graph' }));
    var $grid = el('div', 'outlets');
    (p.outlets || []).forEach(function (o) {
      var state = String(o.state);
      var $o = el('button', 'outlet outlet-' + state + (o.protected ? ' is-protected' : ''))
        .attr({ type: 'button', 'data-outlet': o.number, 'data-name': o.name, 'data-state': state,
                title: 'Outlet ' + o.number + ' ' + o.name + ': ' + state.toUpperCase() + (o.protected ? ' (protected)' : '') +
                       (canControl ? '' : ' — read-only account'),
                'aria-label': 'Outlet ' + o.number + ' ' + o.name + ', ' + state });
      $o.append(el('span', 'outlet-num mono', o.number));
      $o.append(el('span', 'outlet-name', o.name));
      if (state !== 'on') { $o.append(el('span', 'outlet-state', state.toUpperCase())); }
      if (o.protected) { $o.append(el('span', 'outlet-lock', 'PROT')); }
      if (!canControl) { $o.prop('disabled', true); }
      $grid.append($o);
    });
    $pdu.append($grid);
    return $pdu;
  }

  var list = new OPS.groups.GroupList({
    box: '#pdus', kind: 'pdus', noun: ['PDU', 'PDUs'], item: pduItem, partSel: '.outlet',
    title: function (p) { return p.name + ' ' + p.source; },
    parts: function (p) { return (p.outlets || []).map(function (o) { return o.name; }); },
    alarms: function (p) { return level(p).name === 'crit' || failing[p.source] ? 1 : 0; },
    summary: function (pdus) {
      var amps = pdus.reduce(function (sum, p) { return sum + (Number(p.load_amps) || 0); }, 0);
      var off = pdus.reduce(function (sum, p) {
        return sum + (p.outlets || []).filter(function (o) { return o.state !== 'on'; }).length;
      }, 0);
      return F.num(amps, 1) + ' A' + (off ? ' · ' + off + ' outlet' + (off === 1 ? '' : 's') + ' not on' : '');
    }
  });

  OPS.sections.register('power', function (snap) {
    var $box = $('#pdus');
    failing = {};
    (snap.sources || []).forEach(function (s) { if (s.error) { failing[s.name] = true; } });
    OPS.charts.park($box);
    list.render(snap.pdus || []);
    if (!(snap.pdus || []).length) { $box.prepend(el('p', 'muted', 'No PDU configured.')); }
  });

  $('#pdus').on('click keydown', '.pdu-trend', function (e) {
    if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') { return; }
    e.preventDefault();
    OPS.charts.openGraph({ kind: 'pdu', name: $(this).data('name') });
  });
}(jQuery, window.OpsFormat, window.OPS));
