/** Builds an EMV Erro message from the ACS (errorComponent "A"). */
import type { AcsErrorCode, AcsErrorMessage } from '@corpweb/shared-types';

export function acsError(
  errorCode: AcsErrorCode, errorDescription: string, errorDetail: string, errorMessageType: string, messageVersion: string,
  ids: { threeDSServerTransID?: string; dsTransID?: string; acsTransID?: string } = {},
): AcsErrorMessage {
  return {
    messageType: 'Erro',
    messageVersion,
    errorCode,
    errorComponent: 'A',
    errorDescription: errorDescription.slice(0, 2048),
    errorDetail: errorDetail.slice(0, 2048),
    errorMessageType,
    ...(ids.threeDSServerTransID ? { threeDSServerTransID: ids.threeDSServerTransID } : {}),
    ...(ids.dsTransID ? { dsTransID: ids.dsTransID } : {}),
    ...(ids.acsTransID ? { acsTransID: ids.acsTransID } : {}),
  };
}
