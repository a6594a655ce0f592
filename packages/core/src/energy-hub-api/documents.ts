/**
 * The GraphQL documents the Energy Hub client sends. Connection queries declare `$first` and `$after`,
 * which `paginate` fills in; everything else the caller varies goes through variables, never into the
 * document text.
 */

const THING_SUMMARY = /* GraphQL */ `
  fragment ThingSummary on Thing {
    id
    name
    concept
  }
`;

const THING_FIELDS = /* GraphQL */ `
  fragment ThingFields on Thing {
    id
    name
    concept
    properties {
      name
      value
      unit
    }
  }
`;

/** The organization with three levels below it (regions, sites, buildings); `listThings` goes deeper. */
export const ORGANIZATION_QUERY = /* GraphQL */ `
  query Organization {
    organization {
      id
      name
      children {
        ...ThingFields
        children {
          ...ThingFields
          children {
            ...ThingSummary
          }
        }
      }
    }
  }
  ${THING_FIELDS}
  ${THING_SUMMARY}
`;

export const THINGS_QUERY = /* GraphQL */ `
  query Things($filter: ThingFilter, $first: Int, $after: String) {
    things(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...ThingFields
          parent {
            ...ThingSummary
          }
        }
      }
    }
  }
  ${THING_FIELDS}
  ${THING_SUMMARY}
`;

export const THING_QUERY = /* GraphQL */ `
  query Thing($id: ID!) {
    thing(id: $id) {
      ...ThingFields
      parent {
        ...ThingSummary
      }
      children {
        ...ThingSummary
      }
    }
  }
  ${THING_FIELDS}
  ${THING_SUMMARY}
`;

export const ALARMS_QUERY = /* GraphQL */ `
  query Alarms($filter: AlarmFilter, $first: Int, $after: String) {
    alarms(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          category
          type
          detail
          priority
          active
          acknowledged
          source
          startTime
          endTime
          durationSeconds
          thing {
            ...ThingSummary
          }
        }
      }
    }
  }
  ${THING_SUMMARY}
`;

export const TIMESERIES_QUERY = /* GraphQL */ `
  query Timeseries(
    $thingId: ID!
    $measurements: [String!]!
    $from: DateTime!
    $to: DateTime!
    $interval: String
  ) {
    timeseries(thingId: $thingId, measurements: $measurements, from: $from, to: $to, interval: $interval) {
      thingId
      measurement
      unit
      points {
        timestamp
        value
      }
    }
  }
`;
