/* Operations Command Center - audit page: the server writes UTC ISO times into <time datetime>; they are
 * shown in the browser's zone with the dashboard's formatter, and the page says which zone that is. */
(function ($, F) {
  'use strict';

  $('#audit time[datetime]').each(function () {
    var iso = $(this).attr('datetime');
    $(this).text(F.dateTime(iso)).attr('title', iso + ' (UTC)');
  });
  $('#tz-note').text('times in ' + F.zone());
}(jQuery, window.OpsFormat));
