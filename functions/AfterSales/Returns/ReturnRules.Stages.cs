using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Returns;

/// <summary>Something a person asks of a return order; <see cref="Action"/> is the end of its URL.</summary>
public abstract record ReturnCommand
{
    public abstract string Action { get; }
}

/// <summary>Pickup arranged or the customer's shipment announced, with carrier and tracking number.</summary>
public sealed record RecordShipment(ShippingMethod? Method, string? Carrier, string? TrackingNumber) : ReturnCommand { public override string Action => "shipment"; }

/// <summary>The goods arrived; quantities per part (all as authorised unless given).</summary>
public sealed record RecordReceipt(IReadOnlyList<PartCount>? Items, string? Note) : ReturnCommand { public override string Action => "receipt"; }

/// <summary>Quality's inspection: result, responsibility, findings, and the defective quantity per part (as declared unless given).</summary>
public sealed record RecordInspection(InspectionResult? Result, Responsibility? Responsibility, string? Findings, IReadOnlyList<PartCount>? Defective) : ReturnCommand
{
    public override string Action => "inspection";
}

public sealed record ShipReplacement(string? Carrier, string? TrackingNumber) : ReturnCommand { public override string Action => "replacement"; }

public sealed record PayRefund(decimal? Amount, string? Currency, string? Reference) : ReturnCommand { public override string Action => "refund"; }

public sealed record CloseReturn(string? Note) : ReturnCommand { public override string Action => "closure"; }

public sealed record CancelReturn(string? Reason) : ReturnCommand { public override string Action => "cancellation"; }

public static partial class ReturnRules
{
    public const decimal MaxRefund = 100_000_000m;

    public static Change<ReturnOrder> Execute(ReturnOrder r, ReturnCommand command, Staff by, DateTimeOffset now, ReturnLimits limits)
    {
        if (!AllowedActions(r).Contains(command.Action))
        {
            throw Refusal(r, command.Action, $"'{command.Action}' is not possible while {r.Id} is {Codes.Of(r.Stage)}.");
        }
        var errors = new ErrorList();
        var x = new Step(r, by, now);
        var change = command switch
        {
            RecordShipment s => Ship(x, s, limits, errors),
            RecordReceipt c => Receive(x, c, limits, errors),
            RecordInspection i => Inspect(x, i, limits, errors),
            ShipReplacement s => Replace(x, s, limits, errors),
            PayRefund p => PayBack(x, p, limits, errors),
            CloseReturn c => Close(x, c, errors),
            CancelReturn c => Cancel(x, c, errors),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
        };
        errors.ThrowIfAny();
        return change!;
    }

    private static Change<ReturnOrder>? Ship(Step x, RecordShipment s, ReturnLimits limits, ErrorList errors)
    {
        errors.AddIf(s.Method is not { } m || !Enum.IsDefined(m), "method", $"Say how the goods come back: {Codes.List<ShippingMethod>()}.");
        Tracking(s.Carrier, s.TrackingNumber, errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var (order, next) = x.Advance(ReturnStage.InTransit, ReturnStep.Receipt, Department.Procurement, limits.Transit);
        order = order with { Shipment = new(s.Method!.Value, s.Carrier!.Trim(), s.TrackingNumber!.Trim(), x.By, x.Now) };
        return x.Done(order, new ReturnShipped(s.Method.Value, s.Carrier.Trim(), s.TrackingNumber.Trim(), order.Stage, next));
    }

    private static Change<ReturnOrder>? Receive(Step x, RecordReceipt c, ReturnLimits limits, ErrorList errors)
    {
        TextLimits.Check(errors, "note", c.Note, TextLimits.Text);
        var items = Counts(x.R, c.Items, "items", l => l.Quantity, "authorised", l => l.Quantity, (l, n) => l with { ReceivedQuantity = n }, errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var (order, next) = x.Advance(ReturnStage.AwaitingInspection, ReturnStep.Inspection, Department.Quality, limits.Inspection);
        order = order with { Items = items, Receipt = new(Trimmed(c.Note), x.By, x.Now) };
        return x.Done(order, new ReturnReceived([.. items.Select(l => new PartCount(l.PartNumber, l.ReceivedQuantity!.Value))], order.Stage, next), c.Note);
    }

    private static Change<ReturnOrder>? Inspect(Step x, RecordInspection i, ReturnLimits limits, ErrorList errors)
    {
        errors.AddIf(i.Result is not { } result || !Enum.IsDefined(result), "result", $"Give the result: {Codes.List<InspectionResult>()}.");
        errors.AddIf(i.Responsibility is not { } who || !Enum.IsDefined(who), "responsibility", $"Say where the responsibility lies: {Codes.List<Responsibility>()}.");
        errors.AddIf(string.IsNullOrWhiteSpace(i.Findings), "findings", "Record what the inspection found.");
        TextLimits.Check(errors, "findings", i.Findings, TextLimits.Text);
        var items = Counts(x.R, i.Defective, "defective", l => l.ReceivedQuantity ?? l.Quantity, "received",
            l => Math.Min(l.DefectiveQuantity, l.ReceivedQuantity ?? l.Quantity), (l, n) => l with { DefectiveFound = n }, errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var (stage, step) = x.R.Kind == ReturnKind.Exchange ? (ReturnStage.AwaitingReplacement, ReturnStep.Replacement) : (ReturnStage.AwaitingRefund, ReturnStep.Refund);
        var (order, next) = x.Advance(stage, step, Department.Procurement, limits.Settlement);
        order = order with { Items = items, Inspection = new(i.Result!.Value, i.Responsibility!.Value, i.Findings!.Trim(), x.By, x.Now) };
        return x.Done(order, new ReturnInspected(i.Result.Value, i.Responsibility.Value, i.Findings.Trim(),
            [.. items.Select(l => new PartCount(l.PartNumber, l.DefectiveFound!.Value))], order.Stage, next));
    }

    private static Change<ReturnOrder>? Replace(Step x, ShipReplacement s, ReturnLimits limits, ErrorList errors)
    {
        Tracking(s.Carrier, s.TrackingNumber, errors);
        if (errors.Count > 0)
        {
            return null;
        }
        var (order, next) = x.Advance(ReturnStage.AwaitingClosure, ReturnStep.Closure, Department.Procurement, limits.Closure);
        order = order with { Replacement = new(s.Carrier!.Trim(), s.TrackingNumber!.Trim(), x.By, x.Now) };
        return x.Done(order, new ReplacementShipped(s.Carrier.Trim(), s.TrackingNumber.Trim(), order.Stage, next));
    }

    private static Change<ReturnOrder>? PayBack(Step x, PayRefund p, ReturnLimits limits, ErrorList errors)
    {
        errors.AddIf(p.Amount is not > 0m || p.Amount > MaxRefund || decimal.Round(p.Amount.Value, 2) != p.Amount, "amount",
            $"Give the amount refunded: more than 0, at most {MaxRefund}, in cents at most.");
        var currency = string.IsNullOrWhiteSpace(p.Currency) ? "CNY" : p.Currency.Trim().ToUpperInvariant();
        errors.AddIf(currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper), "currency", "The currency is a three-letter code (CNY unless given).");
        TextLimits.Check(errors, "reference", p.Reference, TextLimits.Name);
        if (errors.Count > 0)
        {
            return null;
        }
        var (order, next) = x.Advance(ReturnStage.AwaitingClosure, ReturnStep.Closure, Department.Procurement, limits.Closure);
        order = order with { Refund = new(p.Amount!.Value, currency, Trimmed(p.Reference), x.By, x.Now) };
        return x.Done(order, new RefundPaid(p.Amount.Value, currency, Trimmed(p.Reference), order.Stage, next));
    }

    private static Change<ReturnOrder>? Close(Step x, CloseReturn c, ErrorList errors)
    {
        TextLimits.Check(errors, "note", c.Note, TextLimits.Text);
        if (errors.Count > 0)
        {
            return null;
        }
        var outcome = x.R.Kind == ReturnKind.Exchange ? ReturnOutcome.Replaced : ReturnOutcome.Refunded;
        var order = x.CloseSteps(StepOutcome.Done) with { Stage = ReturnStage.Closed, Outcome = outcome, ClosingNote = Trimmed(c.Note), ClosedAt = x.Now };
        return x.Done(order, new ReturnClosed(outcome, order.Stage), c.Note);
    }

    private static Change<ReturnOrder>? Cancel(Step x, CancelReturn c, ErrorList errors)
    {
        errors.AddIf(string.IsNullOrWhiteSpace(c.Reason), "reason", "Say why the return is cancelled.");
        TextLimits.Check(errors, "reason", c.Reason, TextLimits.Text);
        if (errors.Count > 0)
        {
            return null;
        }
        var order = x.CloseSteps(StepOutcome.Cancelled) with { Stage = ReturnStage.Cancelled, Outcome = ReturnOutcome.Cancelled, ClosingNote = c.Reason!.Trim(), ClosedAt = x.Now };
        return x.Done(order, new ReturnCancelled(ReturnOutcome.Cancelled, order.Stage), c.Reason);
    }

    private static void Tracking(string? carrier, string? trackingNumber, ErrorList errors)
    {
        errors.AddIf(string.IsNullOrWhiteSpace(carrier), "carrier", "Name the carrier (承运商).");
        errors.AddIf(string.IsNullOrWhiteSpace(trackingNumber), "trackingNumber", "Give the tracking number (运单号).");
        TextLimits.Check(errors, "carrier", carrier, TextLimits.Name);
        TextLimits.Check(errors, "trackingNumber", trackingNumber, TextLimits.Name);
    }

    /// <summary>One command's order, who and when, with the moves every stage makes.</summary>
    private sealed record Step(ReturnOrder R, Staff By, DateTimeOffset Now)
    {
        /// <summary>Closes the open work items and opens the next stage's.</summary>
        public (ReturnOrder Order, OpenedStep Next) Advance(ReturnStage stage, ReturnStep kind, Department department, TimeSpan limit)
        {
            var closed = CloseSteps(StepOutcome.Done);
            var next = WorkItemRules.Open($"s{closed.Steps.Count + 1}", Codes.Of(kind), department, Now, limit);
            return (closed with { Stage = stage, Steps = [.. closed.Steps, next] }, OpenedStep.Of(next));
        }

        public ReturnOrder CloseSteps(StepOutcome outcome) =>
            R with { Steps = [.. R.Steps.Select(s => s.IsOpen ? WorkItemRules.Close(s, outcome, Now) : s)] };

        public Change<ReturnOrder> Done(ReturnOrder order, IEventData data, string? reason = null) =>
            new(order, [new DomainEvent(data, By, Now, Trimmed(reason))]);
    }
}
