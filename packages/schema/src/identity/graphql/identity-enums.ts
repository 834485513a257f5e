import { ProfileKind, ProfileStatus, Role } from "../../generated/prisma/enums.ts";
import { builder } from "../../graphql/builder.ts";

export const RoleEnum = builder.enumType(Role, { name: "Role" });
export const ProfileKindEnum = builder.enumType(ProfileKind, { name: "ProfileKind" });
export const ProfileStatusEnum = builder.enumType(ProfileStatus, { name: "ProfileStatus" });
