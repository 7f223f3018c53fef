package dev.turnpike.activities.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpike.activities.event.EventData;
import dev.turnpike.activities.event.EventTypes;
import dev.turnpike.activities.event.NewEvent;
import dev.turnpike.activities.store.Ids;
import java.util.List;

/**
 * The events of an approval request: {@code approval_request.created} and the approval card
 * ({@code widget.created}, with prepared approve/reject actions bound to the request) when it is
 * asked, {@code approval_request.resolved} when it ends. Ids derive from the request's id.
 */
public final class ApprovalEvents {
  private ApprovalEvents() {}

  public static List<NewEvent> asked(ApprovalRequest r) {
    ObjectNode created =
        EventData.object()
            .put("approval_request_id", r.id())
            .put("action", r.action())
            .put("state", r.state().name())
            .put("expires_at", r.expiresAt());
    created.set("details", r.details());
    ObjectNode card =
        EventData.object()
            .put("widget_id", Ids.derived("wgt_", r.id()))
            .put("kind", "approval_card")
            .put("title", "Approve: " + r.action())
            .put("approval_request_id", r.id());
    card.putArray("actions")
        .add(action("approve", "Approve", r.id()))
        .add(action("reject", "Reject", r.id()));
    card.putObject("binding").put("resource", "approval_request").put("id", r.id());
    return List.of(
        new NewEvent(Ids.derived("evt_", r.id(), "created"), EventTypes.APPROVAL_REQUEST_CREATED,
            created),
        new NewEvent(Ids.derived("evt_", r.id(), "card"), EventTypes.WIDGET_CREATED, card));
  }

  private static ObjectNode action(String verb, String label, String approvalId) {
    return EventData.object()
        .put("id", verb)
        .put("label", label)
        .put("method", "POST")
        .put("path", "/v1/approval_requests/" + approvalId + ":" + verb);
  }

  public static NewEvent resolved(ApprovalRequest r) {
    return new NewEvent(
        Ids.derived("evt_", r.id(), "resolved"),
        EventTypes.APPROVAL_REQUEST_RESOLVED,
        EventData.object()
            .put("approval_request_id", r.id())
            .put("state", r.state().name())
            .put("decided_by", r.decidedBy())
            .put("reason", r.reason()));
  }
}
