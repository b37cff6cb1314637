/* imrcheck.h - umbrella header of libimrcheck. */
#ifndef IMRCHECK_H
#define IMRCHECK_H

#include "imrcheck/common.h"
#include "imrcheck/buf.h"
#include "imrcheck/date.h"
#include "imrcheck/diag.h"
#include "imrcheck/limits.h"
#include "imrcheck/facts.h"
#include "imrcheck/rules.h"
#include "imrcheck/drugs.h"
#include "imrcheck/request.h"
#include "imrcheck/eval.h"
#include "imrcheck/report.h"
#include "imrcheck/ruletest.h"
#include "imrcheck/lint.h"
#include "imrcheck/text.h"
#include "imrcheck/letter.h"
#include "imrcheck/extract.h"
#include "imrcheck/pdf.h"
#include "imrcheck/review.h"
#include "imrcheck/mute.h"
#include "imrcheck/audit.h"
#include "imrcheck/report_audit.h"

#endif
