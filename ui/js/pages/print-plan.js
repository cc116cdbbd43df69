/*
 * Printable plan page (print-plan.html): opens the signed-in
 * page with the settings of print.js, which builds the sheet and saves it
 * as a PDF (shared with the other printable sheet).
 */

import { openSignedInPage, showFailure } from '../session.js';
import { printPage } from './print.js';

openSignedInPage(printPage('plan')).catch((error) => {
  showFailure(document.getElementById('page-error'), error);
});
