/* Operations Command Center - formatting helpers (pure functions, no DOM). */
(function (global) {
  'use strict';

  function num(value, digits) {
    if (value === null || value === undefined || isNaN(Number(value))) { return '—'; }
    return Number(value).toFixed(digits === undefined ? 0 : digits);
  }

  function ageSeconds(iso, now) {
    if (!iso) { return null; }
    var t = Date.parse(iso);
    if (isNaN(t)) { return null; }
    return Math.max(0, Math.round(((now || Date.now()) - t) / 1000));
  }

  function ago(iso, now) {
    var s = ageSeconds(iso, now);
    if (s === null) { return 'never'; }
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ago'; }
    return Math.floor(s / 86400) + ' d ago';
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return '—'; }
    var s = Math.round(seconds);
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.round(s / 60) + ' min'; }
    if (s < 86400) { return (s / 3600).toFixed(1) + ' h'; }
    return (s / 86400).toFixed(1) + ' d';
  }

  function clock(iso) {
    var d = iso ? new Date(iso) : new Date();
    if (isNaN(d.getTime())) { return '--:--'; }
    function pad(n) { return (n < 10 ? '0' : '') + n; }
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function shortClock(iso) {
    return clock(iso).slice(0, 5);
  }

  function bps(value) {
    if (value === null || value === undefined) { return '—'; }
    var units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
    var v = Number(value), i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i += 1; }
    return (v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
  }

  global.OpsFormat = {
    num: num, ago: ago, ageSeconds: ageSeconds, duration: duration,
    clock: clock, shortClock: shortClock, bps: bps
  };
}(window));
