/**
 * What every part of the live meeting page needs: the connection (state,
 * send, pending), the viewer, and the drafts being typed.
 */
import { createContext, useContext } from "react";
import type { MeetingState } from "~/domain/live/types";
import type { Drafts, LiveMeeting } from "~/hooks/use-live-meeting";

export type Viewer = { userId: string; name: string; role: "facilitator" | "member" };

export type LiveContextValue = {
  live: LiveMeeting;
  state: MeetingState;
  me: Viewer;
  meetingId: string;
  drafts: Drafts;
  /** Puts a message in the page's polite live region. */
  announce: (text: string) => void;
};

const LiveContext = createContext<LiveContextValue | null>(null);

export const LiveProvider = LiveContext.Provider;

export function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error("useLive outside the live meeting page");
  return value;
}
