using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>
/// What other features tell a complaint (system commands, from their change-feed subscribers):
/// its return orders and its CAPAs. Each note carries the other record as it now stands, so a
/// repeated or late note changes nothing; an ended return or a closed CAPA never opens again.
/// </summary>
public static partial class ComplaintLifecycle
{
    /// <summary>Why an action that would end the work cannot be taken now (null: it can).</summary>
    public static string? HeldOpenBy(Complaint c) =>
        c.Related.OpenReturn is { } r ? $"{c.Number} waits for its return order {r.Id}: it is closed or cancelled first." : null;

    private static void RequireNoOpenReturn(Context x)
    {
        if (HeldOpenBy(x.C) is { } why)
        {
            throw x.Invalid(why);
        }
    }

    /// <summary>A major problem closes only once its after-sales service report is filed and received by quality.</summary>
    private static void RequireServiceReportReceived(Context x)
    {
        if (x.C.Path == HandlingPath.MajorOnSite && x.C.Related.ServiceReport is not { Received: true })
        {
            throw x.Invalid(x.C.Related.ServiceReport is { } r
                ? $"{x.C.Number} is a major quality problem: its after-sales service report {r.Id} is filed but quality has not received it yet."
                : $"{x.C.Number} is a major quality problem: file its after-sales service report (售后服务报告, POST /api/service-reports) and have quality receive it first.");
        }
    }

    private static Change<Complaint> NoteServiceReport(Context x, NoteServiceReport n)
    {
        var known = x.C.Related.ServiceReport;
        if (known is { Received: true } || known == n.Report)
        {
            return new(x.C, []); // received is final
        }
        return new(x.C with { Related = x.C.Related with { ServiceReport = n.Report } },
            [new(new ServiceReportNoted(n.Report.Id, n.Report.Received), x.By, x.Now)]);
    }

    private static Change<Complaint> NoteReturn(Context x, NoteReturnOrder n)
    {
        var known = x.C.Related.Returns.FirstOrDefault(r => r.Id == n.Return.Id);
        var now = known is { Open: false } ? known : n.Return; // ended is final
        if (now == known)
        {
            return new(x.C, []);
        }
        var events = new List<DomainEvent>();
        if (known is null)
        {
            events.Add(new(new ReturnOrderOpened(now.Id, now.Kind), x.By, x.Now));
        }
        if (!now.Open)
        {
            events.Add(new(new ReturnOrderEnded(now.Id, now.Outcome), x.By, x.Now));
        }
        var returns = known is null ? [.. x.C.Related.Returns, now] : x.C.Related.Returns.Select(r => r.Id == now.Id ? now : r).ToList();
        return new(x.C with { Related = x.C.Related with { Returns = returns } }, events);
    }

    private static Change<Complaint> NoteCapa(Context x, NoteCapa n)
    {
        var known = x.C.Related.Capas.FirstOrDefault(a => a.Id == n.Capa.Id);
        var note = n.Capa with
        {
            Linked = n.Capa.Linked || known?.Linked == true,
            Open = n.Capa.Open && known?.Open != false, // closed is final
            Outcome = known is { Open: false } ? known.Outcome : n.Capa.Outcome,
        };
        if (note == known)
        {
            return new(x.C, []);
        }
        var events = new List<DomainEvent>();
        if (!note.Linked)
        {
            events.Add(new(new SamePartCapaNoted(note.Id, note.Title, note.PartNumber, note.Open, note.Outcome), x.By, x.Now));
        }
        else
        {
            if (known?.Linked != true)
            {
                events.Add(new(new CapaLinked(note.Id, note.Title), x.By, x.Now));
            }
            if (!note.Open && (known is null || known.Open || known.Linked != true))
            {
                events.Add(new(new CapaConcluded(note.Id, note.Outcome), x.By, x.Now));
            }
        }
        if (events.Count == 0)
        {
            // Only a detail changed (say the title): keep the record as it was rather than change it silently.
            return new(x.C, []);
        }
        var capas = known is null ? [.. x.C.Related.Capas, note] : x.C.Related.Capas.Select(a => a.Id == note.Id ? note : a).ToList();
        return new(x.C with { Related = x.C.Related with { Capas = capas } }, events);
    }
}
