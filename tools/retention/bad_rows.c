#include "bad_rows.h"

#include <string.h>

static bad_reason *group_of(bad_rows *b, const char *reason)
{
    for (int i = 0; i < b->reasons; i++)
        if (strncmp(b->reason[i].text, reason, BAD_REASON_LENGTH - 1) == 0)
            return &b->reason[i];
    if (b->reasons == BAD_REASONS - 1)
        reason = "other reasons";  /* the last group takes every further reason */
    else if (b->reasons == BAD_REASONS)
        return &b->reason[BAD_REASONS - 1];
    bad_reason *group = &b->reason[b->reasons++];
    strncpy(group->text, reason, BAD_REASON_LENGTH - 1);
    group->text[BAD_REASON_LENGTH - 1] = '\0';
    group->count = 0;
    return group;
}

void bad_rows_add(bad_rows *b, const char *reason, long line)
{
    bad_reason *group = group_of(b, reason);
    if (group->count < BAD_LINES_SHOWN)
        group->lines[group->count] = line;
    group->count++;
    b->count++;
}

void bad_rows_print(const bad_rows *b, FILE *out)
{
    for (int i = 0; i < b->reasons; i++) {
        const bad_reason *g = &b->reason[i];
        long shown = g->count < BAD_LINES_SHOWN ? g->count : BAD_LINES_SHOWN;
        fprintf(out, "%s%ld '%s' (line%s ", i ? ", " : "", g->count, g->text,
                g->count > 1 ? "s" : "");
        for (long k = 0; k < shown; k++)
            fprintf(out, "%s%ld", k ? ", " : "", g->lines[k]);
        fputs(g->count > shown ? ", ...)" : ")", out);
    }
}
