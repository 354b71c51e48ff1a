/* Operations Command Center - switch management: ports up / total and a compact port map per switch.
 * A click (or Enter) opens the port table (controls.js). Switches are grouped by site (groups.js); the search
 * matches port names and aliases (the host behind a port). */
(function ($, F, OPS) {
  'use strict';

  var el = OPS.el;
  var failing = {};

  function switchItem(s) {
    var $sw = el('div', 'switch').attr({ 'data-switch': s.source, tabindex: 0, role: 'button',
                                         'aria-label': s.name + ' port table' });
    var $head = el('div', 'switch-head');
    $head.append(el('span', 'switch-name stencil', s.name));
    $head.append(el('span', 'switch-model muted', [s.vendor, s.model].filter(Boolean).join(' ')));
    $head.append(el('span', 'switch-count mono', s.ports_up + '/' + s.port_count + ' up'));
    $sw.append($head);
    var $map = el('div', 'portmap' + (s.port_count > 24 ? ' dense' : ''));
    (s.ports || []).forEach(function (p) {
      var cls = p.admin === 'down' ? 'port port-disabled' : 'port port-' + p.oper;
      $map.append(el('span', cls).attr('title', p.name + (p.alias ? ' (' + p.alias + ')' : '') + ': ' +
                                       (p.admin === 'down' ? 'disabled' : p.oper)));
    });
    $sw.append($map);
    return $sw;
  }

  var list = new OPS.groups.GroupList({
    box: '#switches', kind: 'switches', noun: ['switch', 'switches'], item: switchItem, partSel: '.port',
    title: function (s) { return s.name + ' ' + s.source; },
    parts: function (s) { return (s.ports || []).map(function (p) { return p.name + ' ' + (p.alias || ''); }); },
    alarms: function (s) { return failing[s.source] ? 1 : 0; },
    summary: function (sws) {
      var up = 0, all = 0;
      sws.forEach(function (s) { up += Number(s.ports_up) || 0; all += Number(s.port_count) || 0; });
      return up + '/' + all + ' ports up';
    }
  });

  OPS.sections.register('switches', function (snap) {
    var $box = $('#switches');
    failing = {};
    (snap.sources || []).forEach(function (s) { if (s.error) { failing[s.name] = true; } });
    list.render(snap.switches || []);
    if (!(snap.switches || []).length) { $box.prepend(el('p', 'muted', 'No switch configured.')); }
  });
}(jQuery, window.OpsFormat, window.OPS));
