using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>Limits on every command's input, whatever the state, so nothing oversized or unknown is ever stored.</summary>
public static class ComplaintInput
{
    public static void ThrowIfMalformed(ComplaintCommand command)
    {
        var errors = new ErrorList();
        void Check(string field, string? text, int max) => TextLimits.Check(errors, field, text, max);
        void Known<T>(string field, T value) where T : struct, Enum =>
            errors.AddIf(!Enum.IsDefined(value), field, $"'{value}' is not a {field}: {Codes.List<T>()}.");
        void Person(string field, Staff? s)
        {
            Check(field + ".id", s?.Id, TextLimits.Name);
            TextLimits.CheckName(errors, field + ".name", s?.Name);
        }
        switch (command)
        {
            case RecordTriage t: Known("path", t.Path); Check("analysis", t.Analysis, TextLimits.Text); Check("urgentReason", t.UrgentReason, TextLimits.Text); break;
            case ReviseTriage r: Known("path", r.Path); Check("analysis", r.Analysis, TextLimits.Text); Check("reason", r.Reason, TextLimits.Text); break;
            case DecideApproval d: Check("reason", d.Reason, TextLimits.Text); break;
            case StartWork s: Check("note", s.Note, TextLimits.Text); break;
            case DispatchTechnician d: Person("technician", d.Technician); Check("siteProvince", d.SiteProvince, TextLimits.Name); break;
            case RecordFindings f: Check("findings", f.Findings, TextLimits.Text); break;
            case Resolve r: Check("summary", r.Summary, TextLimits.Text); Check("serviceReport", r.ServiceReport, TextLimits.Text); break;
            case ConfirmResolution r: Check("note", r.Note, TextLimits.Text); break;
            case Reopen r: Check("reason", r.Reason, TextLimits.Text); break;
            case RecordRevisit r: Check("note", r.Note, TextLimits.Text); break;
            case LinkComplaint l: Check("number", l.Number, TextLimits.Name); Check("note", l.Note, TextLimits.Text); break;
            case StepAction s: WorkItemRules.CheckInput(s.Step, errors); break;
        }
        errors.ThrowIfAny();
    }
}
